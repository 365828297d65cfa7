import { AuditEventEntity } from '@resetdesk/audit';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

const CONTRACTORS = {
  name: 'Contractors',
  description: 'Short-lived contractor accounts',
  minLength: 14,
  maxLength: 128,
  minClasses: 2,
  requiredClasses: ['digit'],
  maxAgeDays: 90,
  historyCount: 4,
  reminderDays: [14, 7, 0],
  blocklist: true,
  minStrength: 1,
  forbidPersonalInfo: true,
};

describe('password policies', () => {
  let stack: TestStack;
  let admin: ReturnType<typeof as>;
  let agent: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    await resetState(stack);
    admin = as(stack, (await signedIn(stack, 'admin')).token);
    agent = as(stack, (await signedIn(stack, 'agent')).token);
  });

  const policyCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM password_policies'))[0].n);

  it('ships the three presets, "Member portal" as default, readable by agents', async () => {
    const response = await agent.get('/api/password-policies').expect(200);
    expect(response.headers['content-range']).toBe('password-policies 0-2/3');
    const byName = Object.fromEntries(response.body.map((policy: { name: string }) => [policy.name, policy]));
    expect(byName['Member portal']).toMatchObject({
      isDefault: true,
      minLength: 12,
      minClasses: 3,
      maxAgeDays: 180,
      reminderDays: [7, 3, 0],
    });
    expect(byName['Web account']).toMatchObject({ isDefault: false, minLength: 8, requiredClasses: ['upper', 'lower', 'special'] });
    expect(byName['Corporate']).toMatchObject({ isDefault: false, maxAgeDays: 120 });
  });

  describe('POST /api/password-policies/check (public)', () => {
    it('answers every rule of the default policy without a sign-in', async () => {
      const response = await stack.http.post('/api/password-policies/check').send({ password: 'Password1!' }).expect(200);
      expect(response.body).toMatchObject({ policyName: 'Member portal', passed: false });
      expect(response.body.rules).toContainEqual({ code: 'MIN_LENGTH', message: 'At least 12 characters', passed: false });
      const good = await stack.http
        .post('/api/password-policies/check')
        .send({ password: 'Lantern-Mosaic-77', username: 'dreyes' })
        .expect(200);
      expect(good.body.passed).toBe(true);
    });

    it('checks against a chosen policy and the given username', async () => {
      const policies = (await agent.get('/api/password-policies').expect(200)).body as Array<{ id: number; name: string }>;
      const web = policies.find((policy) => policy.name === 'Web account')!;
      const response = await stack.http
        .post('/api/password-policies/check')
        .send({ password: 'Dreyes-2026!', username: 'dreyes', policyId: web.id })
        .expect(200);
      expect(response.body.rules.filter((rule: { passed: boolean }) => !rule.passed).map((rule: { code: string }) => rule.code)).toEqual([
        'PERSONAL_INFO',
      ]);
    });

    it.each([
      [{ password: 12345678 }, 400, /password must be text/],
      [{ password: 'x'.repeat(1025) }, 400, /password must be at most 1024 characters/],
      [{ password: 'x', policyId: 'web' }, 400, /policyId must be a positive whole number/],
      [{ password: 'x', remember: true }, 400, /unknown field "remember"/],
      [{ password: 'x', policyId: 999999 }, 404, /Password policy 999999 does not exist/],
    ])('refuses %j with %i', async (body, status, message) => {
      const response = await stack.http.post('/api/password-policies/check').send(body).expect(status);
      expect(response.body.message).toMatch(message);
    });
  });

  it('lets an admin create, change and delete a policy, audited', async () => {
    const created = await admin.post('/api/password-policies').send(CONTRACTORS).expect(201);
    expect(created.body).toMatchObject({ ...CONTRACTORS, isDefault: false });
    const id = created.body.id as number;

    const updated = await admin.put(`/api/password-policies/${id}`).send({ minLength: 16, isDefault: true }).expect(200);
    expect(updated.body).toMatchObject({ minLength: 16, isDefault: true });
    const list = (await admin.get('/api/password-policies').expect(200)).body as Array<{ name: string; isDefault: boolean }>;
    expect(list.filter((policy) => policy.isDefault).map((policy) => policy.name)).toEqual(['Contractors']);

    const refused = await admin.delete(`/api/password-policies/${id}`).expect(409);
    expect(refused.body.message).toBe('"Contractors" is the default policy; make another the default first');
    const member = list.find((policy) => policy.name === 'Member portal') as unknown as { id: number };
    await admin.put(`/api/password-policies/${member.id}`).send({ isDefault: true }).expect(200);
    await admin.delete(`/api/password-policies/${id}`).expect(200);
    await admin.get(`/api/password-policies/${id}`).expect(404);

    const actions = (await stack.dataSource.getRepository(AuditEventEntity).findBy({ targetType: 'password-policy' })).map(
      (event) => event.action,
    );
    expect(actions).toEqual(['policy.created', 'policy.updated', 'policy.updated', 'policy.deleted']);
  });

  it.each([
    ['a duplicate name', { ...CONTRACTORS, name: 'Corporate' }, 409, 'A password policy named "Corporate" already exists'],
    ['maxLength under 64', { ...CONTRACTORS, maxLength: 32 }, 400, 'maxLength must be at least 64 (long passphrases must fit)'],
    [
      'an unknown class',
      { ...CONTRACTORS, requiredClasses: ['emoji'] },
      400,
      'requiredClasses may only contain lower, upper, digit, special',
    ],
    ['minClasses of 5', { ...CONTRACTORS, minClasses: 5 }, 400, 'minClasses must be between 0 and 4'],
    ['a fractional length', { ...CONTRACTORS, minLength: 12.5 }, 400, 'minLength must be a whole number'],
    ['a missing setting', { name: 'Half' }, 400, 'minLength must be a whole number'],
    ['an unknown field', { ...CONTRACTORS, expiresNever: true }, 400, 'unknown field "expiresNever"'],
    ['reminder days as text', { ...CONTRACTORS, reminderDays: '7,3,0' }, 400, 'reminderDays must be a list'],
  ])('refuses %s with %i and changes nothing', async (_case, body, status, message) => {
    const before = await policyCount();
    const response = await admin.post('/api/password-policies').send(body).expect(status);
    expect(response.body.message).toContain(message);
    expect(await policyCount()).toBe(before);
  });

  it('refuses inconsistent settings on update and switching the default off', async () => {
    const [member] = (await admin.get('/api/password-policies').query({ filter: '{"q":"Member"}' }).expect(200)).body;
    expect((await admin.put(`/api/password-policies/${member.id}`).send({ minLength: 300 }).expect(400)).body.message).toBe(
      'minLength must be at most 256',
    );
    expect((await admin.put(`/api/password-policies/${member.id}`).send({ minLength: 2 }).expect(400)).body.message).toBe(
      'minLength must be at least 4',
    );
    expect(
      (
        await admin
          .put(`/api/password-policies/${member.id}`)
          .send({ minLength: 4, minClasses: 4, requiredClasses: ['lower', 'upper', 'digit', 'special'] })
          .expect(200)
      ).body.minLength,
    ).toBe(4);
    expect((await admin.put(`/api/password-policies/${member.id}`).send({ isDefault: false }).expect(409)).body.message).toMatch(
      /Make another policy the default/,
    );
  });

  it('keeps writes to admins', async () => {
    await agent.post('/api/password-policies').send(CONTRACTORS).expect(403);
    const [member] = (await agent.get('/api/password-policies').expect(200)).body;
    await agent.put(`/api/password-policies/${member.id}`).send({ minLength: 20 }).expect(403);
    await agent.delete(`/api/password-policies/${member.id}`).expect(403);
  });

  it('says before saving how many passwords a shorter maximum age would expire, and changes nothing', async () => {
    const [corporate] = await stack.dataSource.query("SELECT id FROM password_policies WHERE name = 'Corporate'");
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    // On Corporate's 120 days: changed 100 days ago (20 left), 60 days ago (60 left), 130 days ago (expired already),
    // and a disabled account changed 100 days ago.
    for (const [username, changed, status] of [
      ['a100', 100, 'active'],
      ['b60', 60, 'active'],
      ['c130', 130, 'expired'],
      ['d100', 100, 'disabled'],
    ] as const) {
      await stack.dataSource.query(
        `INSERT INTO accounts (username, email, display_name, policy_id, password_changed_at, password_expires_at, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, DATE_ADD(?, INTERVAL 120 DAY), ?, NOW(3), NOW(3))`,
        [username, `${username}@example.com`, username, corporate.id, daysAgo(changed), daysAgo(changed), status],
      );
    }
    const impact = (body: object) => admin.post(`/api/password-policies/${corporate.id}/impact`).send(body).expect(200);
    expect((await impact({ maxAgeDays: 90 })).body).toEqual({ accounts: 3, expireNow: 1, expireWithinWeek: 0 });
    expect((await impact({ maxAgeDays: 65 })).body).toEqual({ accounts: 3, expireNow: 1, expireWithinWeek: 1 });
    expect((await impact({ maxAgeDays: 0 })).body).toEqual({ accounts: 3, expireNow: 0, expireWithinWeek: 0 });
    // Nothing was saved or recomputed by asking.
    const [a100] = await stack.dataSource.query("SELECT password_expires_at AS expiresAt FROM accounts WHERE username = 'a100'");
    expect(new Date(a100.expiresAt).getTime()).toBeGreaterThan(Date.now() + 19 * 86_400_000);
    expect((await admin.get(`/api/password-policies/${corporate.id}`).expect(200)).body.maxAgeDays).toBe(120);

    expect((await admin.post(`/api/password-policies/${corporate.id}/impact`).send({ maxAgeDays: -1 }).expect(400)).body.message).toMatch(
      /maxAgeDays must be between 0 and 3650/,
    );
    await agent.post(`/api/password-policies/${corporate.id}/impact`).send({ maxAgeDays: 90 }).expect(403);
    await admin.post('/api/password-policies/999999/impact').send({ maxAgeDays: 90 }).expect(404);
  });
});
