import { AuditAction, AuditEventEntity, AuditRecorder, SYSTEM_ACTOR } from '@resetdesk/audit';
import { StaffService } from '@resetdesk/staff';
import { createStaff, signedIn, signIn, TestStaff } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

describe('staff administration', () => {
  let stack: TestStack;
  let admin: TestStaff & { token: string };
  let api: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    await resetState(stack);
    admin = await signedIn(stack, 'admin');
    api = as(stack, admin.token);
  });

  const events = (action: string) => stack.dataSource.getRepository(AuditEventEntity).findBy({ action });
  const staffCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM staff'))[0].n);

  it('creates a member who can then sign in, and audits it without the password', async () => {
    const response = await api
      .post('/api/staff')
      .send({ email: ' Dana@Example.com ', name: 'Dana Reyes', role: 'agent', password: 'Initial-password-1' })
      .expect(201);
    expect(response.body).toMatchObject({
      email: 'dana@example.com',
      name: 'Dana Reyes',
      role: 'agent',
      disabled: false,
      totpEnabled: false,
    });
    expect(response.body).not.toHaveProperty('passwordHash');
    await signIn(stack, { email: 'dana@example.com', password: 'Initial-password-1' });
    const created = (await events('staff.created')).find((event) => event.targetId === String(response.body.id));
    expect(created).toMatchObject({ actorType: 'staff', actorId: String(admin.id), targetId: String(response.body.id) });
    expect(JSON.stringify(created)).not.toContain('Initial-password-1');
  });

  it.each([
    [
      'a short password',
      { email: 'a@example.com', name: 'A', role: 'agent', password: 'short' },
      /password must be at least 12 characters/,
    ],
    [
      'an unknown role',
      { email: 'a@example.com', name: 'A', role: 'root', password: 'long-enough-pass' },
      /role must be one of verifier, agent, supervisor, admin/,
    ],
    ['a bad email', { email: 'nope', name: 'A', role: 'agent', password: 'long-enough-pass' }, /email must be an email address/],
    [
      'an unknown field',
      { email: 'a@example.com', name: 'A', role: 'agent', password: 'long-enough-pass', isRoot: true },
      /unknown field "isRoot"/,
    ],
    ['a numeric name', { email: 'a@example.com', name: 7, role: 'agent', password: 'long-enough-pass' }, /name must be text/],
  ])('refuses %s with 400 and creates nothing', async (_case, body, message) => {
    const before = await staffCount();
    const response = await api.post('/api/staff').send(body).expect(400);
    expect(response.body.message).toMatch(message);
    expect(await staffCount()).toBe(before);
  });

  it.each([
    ['all one letter', 'aaaaaaaaaaaa', 'STRENGTH'],
    ['a common password', 'password1234', 'BLOCKLIST'],
    ['their own name', 'Dana-Reyes-2026-x', 'PERSONAL_INFO'],
  ])('refuses a staff password that is %s, on create and on an admin reset, with 422', async (_case, password, rule) => {
    const before = await staffCount();
    const created = await api
      .post('/api/staff')
      .send({ email: 'dana@example.com', name: 'Dana Reyes', role: 'supervisor', password })
      .expect(422);
    expect(created.body).toMatchObject({
      code: 'STAFF_WEAK_PASSWORD',
      message: expect.stringMatching(/^password does not meet the staff password rules/),
    });
    expect(created.body.rules).toContain(rule);
    expect(await staffCount()).toBe(before);

    const dana = await createStaff(stack, 'supervisor', { email: 'dana@example.com' });
    await stack.dataSource.query("UPDATE staff SET name = 'Dana Reyes' WHERE id = ?", [dana.id]);
    const reset = await api.put(`/api/staff/${dana.id}`).send({ password }).expect(422);
    expect(reset.body.rules).toContain(rule);
    await signIn(stack, dana);
  });

  it.each([
    ['an unknown role', { role: 'root' }, /role must be one of verifier, agent, supervisor, admin/],
    ['a non-boolean disabled', { disabled: 'yes' }, /disabled must be true or false/],
    ['a short password', { password: 'short' }, /password must be at least 12 characters/],
    ['an email change (not editable)', { email: 'new@example.com' }, /unknown field "email"/],
    ['an empty name', { name: '   ' }, /name must not be empty/],
  ])('refuses an update with %s, with 400, and changes nothing', async (_case, body, message) => {
    const agent = await createStaff(stack, 'agent');
    const before = await api.get(`/api/staff/${agent.id}`).expect(200);
    const response = await api.put(`/api/staff/${agent.id}`).send(body).expect(400);
    expect(response.body.message).toMatch(message);
    expect((await api.get(`/api/staff/${agent.id}`).expect(200)).body).toEqual(before.body);
  });

  it('refuses a duplicate email with 409 and leaves no audit event behind (same transaction)', async () => {
    await api.post('/api/staff').send({ email: 'dup@example.com', name: 'One', role: 'agent', password: 'long-enough-pass' }).expect(201);
    const createdBefore = (await events('staff.created')).length;
    const response = await api
      .post('/api/staff')
      .send({ email: 'DUP@example.com', name: 'Two', role: 'agent', password: 'long-enough-pass' })
      .expect(409);
    expect(response.body.message).toBe('A staff member with email dup@example.com already exists');
    expect(await events('staff.created')).toHaveLength(createdBefore);
  });

  it('rolls an audit event back with its transaction', async () => {
    const before = await stack.dataSource.getRepository(AuditEventEntity).count();
    const recorder = stack.api.get(AuditRecorder);
    await expect(
      stack.dataSource.transaction(async (manager) => {
        await recorder.record(manager, { actor: SYSTEM_ACTOR, action: AuditAction.StaffUpdated, details: { note: 'never committed' } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await stack.dataSource.getRepository(AuditEventEntity).count()).toBe(before);
  });

  it('disabling a member signs them out everywhere and keeps them out', async () => {
    const agent = await signedIn(stack, 'agent');
    await as(stack, agent.token).get('/api/auth/me').expect(200);
    const response = await api.put(`/api/staff/${agent.id}`).send({ disabled: true }).expect(200);
    expect(response.body.disabled).toBe(true);
    await as(stack, agent.token).get('/api/auth/me').expect(401);
    await stack.http.post('/api/auth/login').send({ email: agent.email, password: agent.password }).expect(401);
    expect(await events('staff.disabled')).toHaveLength(1);

    await api.put(`/api/staff/${agent.id}`).send({ disabled: false }).expect(200);
    await signIn(stack, agent);
    expect(await events('staff.enabled')).toHaveLength(1);
  });

  it('changes name, role and password; role and password changes sign the member out', async () => {
    const agent = await signedIn(stack, 'agent');
    await api.put(`/api/staff/${agent.id}`).send({ name: 'Renamed Agent', role: 'supervisor', password: 'A-new-password-99' }).expect(200);
    await as(stack, agent.token).get('/api/auth/me').expect(401);
    const token = await signIn(stack, { email: agent.email, password: 'A-new-password-99' });
    expect((await as(stack, token).get('/api/auth/me').expect(200)).body).toMatchObject({ name: 'Renamed Agent', role: 'supervisor' });
    const [updated] = await events('staff.updated');
    expect(updated!.details).toMatchObject({ changed: ['name', 'role', 'password'], role: { from: 'agent', to: 'supervisor' } });
    expect(JSON.stringify(updated)).not.toContain('A-new-password-99');
  });

  it('refuses to let a member disable themselves or change their own role', async () => {
    const self = await api.put(`/api/staff/${admin.id}`).send({ disabled: true }).expect(409);
    expect(self.body.message).toMatch(/cannot disable yourself or change your own role/);
    await api.put(`/api/staff/${admin.id}`).send({ role: 'agent' }).expect(409);
  });

  it('never leaves the desk without an admin, even when two admins demote each other at once', async () => {
    const other = await createStaff(stack, 'admin');
    const service = stack.api.get(StaffService);
    const principal = (member: TestStaff) => ({
      id: member.id,
      email: member.email,
      name: 'Admin',
      role: 'admin' as const,
      sessionId: 'x',
      mfaEnrollmentRequired: false,
    });
    // Straight to the service: both requests have passed their guards before either change commits.
    const results = await Promise.allSettled([
      service.update(principal(admin), other.id, { role: 'agent' }, { ip: null, userAgent: null }),
      service.update(principal(other), admin.id, { role: 'agent' }, { ip: null, userAgent: null }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refusal = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')!;
    expect(refusal.reason.message).toBe('This is the last active admin; make someone else admin first');
    const admins = await stack.dataSource.query("SELECT COUNT(*) AS n FROM staff WHERE role = 'admin' AND disabled = 0");
    expect(Number(admins[0].n)).toBe(1);
  });

  it('unlocks a locked member', async () => {
    const agent = await createStaff(stack, 'agent');
    for (let i = 0; i < 5; i++) await stack.http.post('/api/auth/login').send({ email: agent.email, password: 'wrong-password' });
    // Paused: the right password answers like a wrong one.
    await stack.http.post('/api/auth/login').send({ email: agent.email, password: agent.password }).expect(401);
    const locked = await api.get(`/api/staff/${agent.id}`).expect(200);
    expect(locked.body.lockedUntil).not.toBeNull();
    await api.post(`/api/staff/${agent.id}/unlock`).expect(200);
    await signIn(stack, agent);
    expect((await api.post(`/api/staff/${agent.id}/unlock`).expect(409)).body.message).toMatch(/is not locked/);
  });

  it('resets 2FA for a member who lost their device', async () => {
    const agent = await signedIn(stack, 'agent');
    await as(stack, agent.token).post('/api/auth/totp/enroll').send({ password: agent.password }).expect(200);
    const wrong = await api.post(`/api/staff/${agent.id}/reset-2fa`).send({ password: 'not-my-password' }).expect(422);
    expect(wrong.body.message).toBe('password is not your current password');
    await api.post(`/api/staff/${agent.id}/reset-2fa`).expect(400);
    const response = await api.post(`/api/staff/${agent.id}/reset-2fa`).send({ password: admin.password }).expect(200);
    expect(response.body.totpEnabled).toBe(false);
    await as(stack, agent.token).get('/api/auth/me').expect(401);
    expect((await api.post(`/api/staff/${agent.id}/reset-2fa`).send({ password: admin.password }).expect(409)).body.message).toMatch(
      /no two-factor sign-in to reset/,
    );
    expect(await events('auth.totp.reset')).toHaveLength(1);
  });

  it('lists with filters, search, sort and Content-Range; refuses unknown filters', async () => {
    await createStaff(stack, 'agent', { email: 'zed@example.com' });
    await createStaff(stack, 'supervisor', { email: 'amy@example.com' });
    const list = await api.get('/api/staff').query({ filter: '{"role":"agent"}', sort: '["email","ASC"]', range: '[0,9]' }).expect(200);
    expect(list.headers['content-range']).toBe('staff 0-0/1');
    expect(list.body.map((s: { email: string }) => s.email)).toEqual(['zed@example.com']);
    const search = await api.get('/api/staff').query({ filter: '{"q":"amy"}' }).expect(200);
    expect(search.body).toHaveLength(1);
    const disabled = await api.get('/api/staff').query({ filter: '{"disabled":true}' }).expect(200);
    expect(disabled.body).toHaveLength(0);
    await api.get('/api/staff').query({ filter: '{"passwordHash":"x"}' }).expect(400);
    await api.get('/api/staff').query({ filter: '{"disabled":"yes"}' }).expect(400);
  });

  it('has no DELETE: members are disabled, never removed', async () => {
    await api.delete(`/api/staff/${admin.id}`).expect(404);
  });
});
