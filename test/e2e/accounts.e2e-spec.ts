import { AuditEventEntity } from '@resetdesk/audit';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

const DAY = 86_400_000;

describe('account directory', () => {
  let stack: TestStack;
  let admin: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;
  let policies: Record<string, { id: number }>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    await resetState(stack);
    admin = as(stack, (await signedIn(stack, 'admin')).token);
    agent = as(stack, (await signedIn(stack, 'agent')).token);
    const list = (await admin.get('/api/password-policies').expect(200)).body as Array<{ id: number; name: string }>;
    policies = Object.fromEntries(list.map((policy) => [policy.name, policy]));
  });

  const dana = { username: 'dreyes', email: 'Dana.Reyes@example.com', displayName: 'Dana Reyes' };
  const accountCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM accounts'))[0].n);

  it('keeps a phone number on record as E.164, from what people type; anything else is refused and names the field', async () => {
    const created = await admin
      .post('/api/accounts')
      .send({ ...dana, phone: '+44 (20) 7946-0958' })
      .expect(201);
    expect(created.body.phone).toBe('+442079460958');
    for (const phone of ['020 7946 0958', '+0123456789', 'call me', '+1234']) {
      expect((await admin.put(`/api/accounts/${created.body.id}`).send({ phone }).expect(400)).body.message).toContain(
        'phone must be an international number such as +44 20 7946 0958',
      );
    }
    expect((await admin.put(`/api/accounts/${created.body.id}`).send({ phone: null }).expect(200)).body.phone).toBeNull();
  });

  it('records a manager (another account): shown by name, audited, refused for the account itself or an id that names nobody', async () => {
    const managerId = (
      await admin.post('/api/accounts').send({ username: 'mlopez', email: 'mara@example.com', displayName: 'Mara Lopez' }).expect(201)
    ).body.id as number;
    const created = await admin
      .post('/api/accounts')
      .send({ ...dana, managerId })
      .expect(201);
    expect(created.body).toMatchObject({ managerId, managerName: 'Mara Lopez (mlopez)' });
    expect((await agent.get(`/api/accounts/${created.body.id}`).expect(200)).body.managerName).toBe('Mara Lopez (mlopez)');
    await agent.put(`/api/accounts/${created.body.id}`).send({ managerId: null }).expect(403);

    expect((await admin.put(`/api/accounts/${created.body.id}`).send({ managerId: created.body.id }).expect(422)).body).toMatchObject({
      code: 'ACCOUNT_MANAGER_INVALID',
      message: 'An account cannot be its own manager; pick another account',
    });
    expect((await admin.put(`/api/accounts/${created.body.id}`).send({ managerId: 999_999 }).expect(422)).body.code).toBe(
      'ACCOUNT_MANAGER_INVALID',
    );
    expect((await admin.put(`/api/accounts/${created.body.id}`).send({ managerId: 'Mara' }).expect(400)).body.message).toContain(
      'managerId must be an account id or null',
    );
    expect((await admin.put(`/api/accounts/${created.body.id}`).send({ managerId: null }).expect(200)).body).toMatchObject({
      managerId: null,
      managerName: null,
    });
    const [updated] = await stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { accountId: created.body.id, action: 'account.updated' } });
    expect(updated!.details).toEqual({ managerId: { from: managerId, to: null } });
  });

  it('creates an account with a first password; expiry follows the default policy; nothing secret comes back', async () => {
    const response = await admin
      .post('/api/accounts')
      .send({ ...dana, password: 'Lantern-Mosaic-77' })
      .expect(201);
    expect(response.body).toMatchObject({
      username: 'dreyes',
      email: 'dana.reyes@example.com',
      hasPassword: true,
      status: 'active',
      policyName: 'Member portal',
      passwordAgeDays: 0,
    });
    expect(response.body).not.toHaveProperty('passwordHash');
    const changed = new Date(response.body.passwordChangedAt).getTime();
    expect(new Date(response.body.passwordExpiresAt).getTime() - changed).toBe(180 * DAY);
    expect(response.body.passwordChanges).toHaveLength(1);

    const events = await stack.dataSource.getRepository(AuditEventEntity).findBy({ targetType: 'account' });
    expect(events.map((event) => event.action)).toEqual(['account.created', 'account.password_set']);
    expect(JSON.stringify(events)).not.toContain('Lantern-Mosaic-77');
  });

  it('refuses a password that breaks the policy with 422 listing the rules, and sets nothing', async () => {
    const { body } = await admin.post('/api/accounts').send(dana).expect(201);
    const response = await admin.put(`/api/accounts/${body.id}`).send({ password: 'dana2026' }).expect(422);
    expect(response.body).toMatchObject({ code: 'PASSWORD_REJECTED', failedRules: ['MIN_LENGTH', 'CHARACTER_CLASSES', 'PERSONAL_INFO'] });
    expect(response.body.message).toMatch(/^The password does not meet the "Member portal" policy: At least 12 characters; /);
    expect((await admin.get(`/api/accounts/${body.id}`).expect(200)).body.hasPassword).toBe(false);
  });

  it('refuses each of the last N passwords and allows the one before them', async () => {
    // Web account keeps 3 passwords.
    const { body } = await admin
      .post('/api/accounts')
      .send({ ...dana, policyId: policies['Web account']!.id })
      .expect(201);
    const passwords = ['First-pass!', 'Second-pass!', 'Third-pass!', 'Fourth-pass!'];
    for (const password of passwords) await admin.put(`/api/accounts/${body.id}`).send({ password }).expect(200);
    for (const reused of passwords.slice(1)) {
      const refused = await admin.put(`/api/accounts/${body.id}`).send({ password: reused }).expect(422);
      expect(refused.body).toMatchObject({
        failedRules: ['HISTORY'],
        message: 'The password must differ from the last 3 password(s) of this account',
      });
    }
    await admin.put(`/api/accounts/${body.id}`).send({ password: passwords[0] }).expect(200);
  });

  it('recomputes expiry when the account changes policy, when the policy changes, and when the default moves', async () => {
    const created = (
      await admin
        .post('/api/accounts')
        .send({ ...dana, password: 'Lantern-Mosaic-77' })
        .expect(201)
    ).body;
    const changedAt = new Date(created.passwordChangedAt).getTime();
    const expiry = async () =>
      new Date((await admin.get(`/api/accounts/${created.id}`).expect(200)).body.passwordExpiresAt).getTime() - changedAt;

    await admin.put(`/api/accounts/${created.id}`).send({ policyId: policies['Corporate']!.id }).expect(200);
    expect(await expiry()).toBe(120 * DAY);
    await admin.put(`/api/password-policies/${policies['Corporate']!.id}`).send({ maxAgeDays: 30 }).expect(200);
    expect(await expiry()).toBe(30 * DAY);
    await admin.put(`/api/password-policies/${policies['Corporate']!.id}`).send({ maxAgeDays: 0 }).expect(200);
    expect((await admin.get(`/api/accounts/${created.id}`).expect(200)).body.passwordExpiresAt).toBeNull();

    // Back on the default (no policy of its own), then the default moves to a 90-day policy.
    await admin.put(`/api/accounts/${created.id}`).send({ policyId: null }).expect(200);
    expect(await expiry()).toBe(180 * DAY);
    await admin.put(`/api/password-policies/${policies['Web account']!.id}`).send({ maxAgeDays: 90, isDefault: true }).expect(200);
    expect(await expiry()).toBe(90 * DAY);
  });

  it('refuses to delete a policy that accounts use', async () => {
    await admin
      .post('/api/accounts')
      .send({ ...dana, policyId: policies['Corporate']!.id })
      .expect(201);
    const response = await admin.delete(`/api/password-policies/${policies['Corporate']!.id}`).expect(409);
    expect(response.body.message).toBe('"Corporate" is used by 1 account(s); move them to another policy first');
  });

  it('lets agents search and filter; admins disable instead of deleting', async () => {
    const a = (
      await admin
        .post('/api/accounts')
        .send({ ...dana, privileged: true, password: 'Lantern-Mosaic-77' })
        .expect(201)
    ).body;
    await admin.post('/api/accounts').send({ username: 'kim', email: 'kim@example.com', displayName: 'Kim Lee' }).expect(201);
    const search = await agent.get('/api/accounts').query({ filter: '{"q":"reyes"}' }).expect(200);
    expect(search.body.map((account: { username: string }) => account.username)).toEqual(['dreyes']);
    expect((await agent.get('/api/accounts').query({ filter: '{"privileged":true}' }).expect(200)).body).toHaveLength(1);
    expect((await agent.get('/api/accounts').query({ filter: '{"expiringWithinDays":200}' }).expect(200)).body).toHaveLength(1);
    expect((await agent.get('/api/accounts').query({ filter: '{"expiringWithinDays":10}' }).expect(200)).body).toHaveLength(0);
    await admin.put(`/api/accounts/${a.id}`).send({ status: 'disabled' }).expect(200);
    expect((await agent.get('/api/accounts').query({ filter: '{"status":"disabled"}' }).expect(200)).body).toHaveLength(1);
    await admin.delete(`/api/accounts/${a.id}`).expect(404);
    await agent.post('/api/accounts').send(dana).expect(403);
  });

  it.each([
    ['a username with spaces', { ...dana, username: 'dana reyes' }, 400, 'username may use letters, digits and . _ @ + - (at most 191)'],
    ['a bad email', { ...dana, email: 'dana' }, 400, 'email must be an email address'],
    ['an unknown field', { ...dana, role: 'admin' }, 400, 'unknown field "role"'],
    ['a missing policy', { ...dana, policyId: 999999 }, 404, 'Password policy 999999 does not exist'],
    ['a numeric display name', { ...dana, displayName: 5 }, 400, 'displayName must be text'],
  ])('refuses %s and creates nothing', async (_case, body, status, message) => {
    const response = await admin.post('/api/accounts').send(body).expect(status);
    expect(response.body.message).toBe(message);
    expect(await accountCount()).toBe(0);
  });

  it('answers duplicates with 409 naming the field', async () => {
    await admin
      .post('/api/accounts')
      .send({ ...dana, chatId: 'U123' })
      .expect(201);
    expect(
      (
        await admin
          .post('/api/accounts')
          .send({ ...dana, email: 'other@example.com' })
          .expect(409)
      ).body.message,
    ).toBe('Another account already has the username dreyes');
    expect(
      (
        await admin
          .post('/api/accounts')
          .send({ ...dana, username: 'other' })
          .expect(409)
      ).body.message,
    ).toBe('Another account already has the email dana.reyes@example.com');
    expect(
      (await admin.post('/api/accounts').send({ username: 'x', email: 'x@example.com', displayName: 'X', chatId: 'U123' }).expect(409)).body
        .message,
    ).toBe('Another account already has the chat id U123');
  });

  it('refuses statuses only the system sets, and bad list filters', async () => {
    const { body } = await admin.post('/api/accounts').send(dana).expect(201);
    expect((await admin.put(`/api/accounts/${body.id}`).send({ status: 'expired' }).expect(400)).body.message).toBe(
      'status may be set to active or disabled',
    );
    expect((await agent.get('/api/accounts').query({ filter: '{"expiringWithinDays":-1}' }).expect(400)).body.message).toMatch(
      /expiringWithinDays must be a whole number of days/,
    );
    expect((await agent.get('/api/accounts').query({ filter: '{"passwordHash":"x"}' }).expect(400)).body.message).toMatch(
      /Unknown filter "passwordHash"/,
    );
  });
});
