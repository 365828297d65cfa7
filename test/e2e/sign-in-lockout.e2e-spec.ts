import { AuditEventEntity } from '@resetdesk/audit';
import { PasswordSignInService } from '@resetdesk/auth';
import { DataCipher, PasswordHasher, RequestContext, TotpService } from '@resetdesk/core';
import { NotificationEntity, StaffSignInLockedData } from '@resetdesk/mail';
import { StaffRepository, StaffSessionEntity } from '@resetdesk/staff';
import { generate } from 'otplib';
import { createStaff, signIn, TestStaff } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

/** Staff sign-in under attack: reserved tries, per-address pauses, the member-wide ceiling, and answers that tell nothing. */
describe('staff sign-in lockout', () => {
  let stack: TestStack;
  let member: TestStaff;

  beforeAll(async () => {
    // The per-address route limiter is not what is under test here.
    stack = await startTestStack({ worker: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: '10000' } });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    jest.restoreAllMocks();
    await resetState(stack);
    member = await createStaff(stack, 'supervisor');
  });

  const login = (email: string, password: string) => stack.http.post('/api/auth/login').send({ email, password });
  const audit = (action: string) => stack.dataSource.getRepository(AuditEventEntity).find({ where: { action }, order: { id: 'ASC' } });
  const liveSessions = () => stack.dataSource.getRepository(StaffSessionEntity).countBy({ staffId: member.id });
  const lockMails = async () => {
    const rows = await stack.dataSource
      .getRepository(NotificationEntity)
      .find({ where: { kind: 'staff-sign-in-locked' }, order: { id: 'ASC' } });
    return rows.map((row) => ({ to: row.recipient, data: stack.api.get(DataCipher).decryptJson<StaffSignInLockedData>(row.payload) }));
  };
  /** Counts argon2 verifications against the member's own hash (decoys verify against another hash). */
  const spyEvaluations = async () => {
    const hash = (await stack.api.get(StaffRepository).findById(member.id))!.passwordHash;
    const verify = jest.spyOn(stack.api.get(PasswordHasher), 'verify');
    return { real: () => verify.mock.calls.filter(([used]) => used === hash).length, all: () => verify.mock.calls.length };
  };
  const from = (ip: string): RequestContext => ({ ip, userAgent: 'test' });
  const signInFrom = (ip: string, password: string) =>
    stack.api
      .get(PasswordSignInService)
      .signIn({ email: member.email, password }, from(ip))
      .then(
        () => 'ok' as const,
        (error: Error & { status?: number }) => (error.status === 401 ? ('refused' as const) : Promise.reject(error)),
      );

  it('50 concurrent wrong passwords and the right one: no session, exactly five evaluations', async () => {
    const evaluations = await spyEvaluations();
    const wrong = Array.from({ length: 50 }, () => login(member.email, 'Wrong-password-guess'));
    const responses = await Promise.all([...wrong, login(member.email, member.password)]);

    expect(responses.map((response) => response.status)).toEqual(Array(51).fill(401));
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(await liveSessions()).toBe(0);
    expect(evaluations.real()).toBe(5);
    // Every answer cost one argon2 verification, real or decoy.
    expect(evaluations.all()).toBe(51);
    expect((await audit('auth.sign_in.failed')).length + (await audit('auth.sign_in.refused')).length).toBe(5);
    expect(await audit('auth.sign_in.throttled')).toHaveLength(46);
    // And the pause holds afterwards.
    await login(member.email, member.password).expect(401);
    expect(await liveSessions()).toBe(0);
  });

  it('still evaluates the fifth try: four wrong passwords, then the right one, signs in', async () => {
    for (let i = 0; i < 4; i++) await login(member.email, 'Wrong-password-guess').expect(401);
    await login(member.email, member.password).expect(200);
    expect((await stack.api.get(StaffRepository).findById(member.id))!.failedLogins).toBe(0);
    // The success cleared this address's failures: five more tries are evaluated.
    const evaluations = await spyEvaluations();
    for (let i = 0; i < 6; i++) await login(member.email, 'Wrong-password-guess').expect(401);
    expect(evaluations.real()).toBe(5);
  });

  it('answers wrong, unknown, disabled and paused alike: same status, body and headers, one argon2 verification each', async () => {
    const disabled = await createStaff(stack, 'agent');
    await stack.dataSource.query('UPDATE staff SET disabled = 1 WHERE id = ?', [disabled.id]);
    const verify = jest.spyOn(stack.api.get(PasswordHasher), 'verify');
    const wrong = await login(member.email, 'Wrong-password-guess');
    const unknown = await login('nobody-here@example.com', 'Wrong-password-guess');
    const off = await login(disabled.email, disabled.password);
    for (let i = 0; i < 4; i++) await login(member.email, 'Wrong-password-guess');
    verify.mockClear();
    const paused = await login(member.email, member.password);
    expect(verify).toHaveBeenCalledTimes(1);

    const headerNames = (response: typeof wrong) =>
      Object.keys(response.headers)
        .filter((h) => !['date', 'etag', 'x-request-id'].includes(h))
        .sort();
    for (const response of [unknown, off, paused]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual(wrong.body);
      expect(headerNames(response)).toEqual(headerNames(wrong));
    }
    expect(wrong.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid email or password',
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('pauses only the address that failed: the member still signs in from another one', async () => {
    for (let i = 0; i < 5; i++) expect(await signInFrom('198.51.100.7', 'Wrong-password-guess')).toBe('refused');
    expect(await signInFrom('198.51.100.7', member.password)).toBe('refused');
    expect(await signInFrom('192.0.2.10', member.password)).toBe('ok');

    const [lock] = await audit('auth.sign_in.locked');
    expect(lock!.details).toMatchObject({ scope: 'address', address: '198.51.100.7', failures: 5 });
    expect(await lockMails()).toEqual([
      { to: member.email, data: expect.objectContaining({ scope: 'address', address: '198.51.100.7', failures: 5 }) },
    ]);
  });

  it('bounds a distributed guesser: at most five tries per address and 20 in all, then every address is locked', async () => {
    const evaluations = await spyEvaluations();
    // Eight addresses, ten concurrent guesses each.
    const addresses = Array.from({ length: 8 }, (_, i) => `203.0.113.${i + 1}`);
    const outcomes = await Promise.all(addresses.flatMap((ip) => Array.from({ length: 10 }, () => signInFrom(ip, 'Wrong-password-guess'))));
    expect(outcomes.every((outcome) => outcome === 'refused')).toBe(true);
    expect(evaluations.real()).toBe(20);
    const failures = await audit('auth.sign_in.failed');
    const perAddress = new Map<string, number>();
    for (const event of failures) perAddress.set(String(event.details?.address), (perAddress.get(String(event.details?.address)) ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBeLessThanOrEqual(5);

    // Locked everywhere now, the right password from a fresh address included.
    expect(await signInFrom('192.0.2.99', member.password)).toBe('refused');
    const row = await stack.api.get(StaffRepository).findById(member.id);
    expect(row!.failedLogins).toBe(20);
    expect(row!.lockedUntil).not.toBeNull();
    expect((await lockMails()).map((mail) => mail.data.scope)).toContain('member');
  });

  it('counts wrong current passwords of a signed-in member like sign-in failures, and ends the guessing session', async () => {
    const token = await signIn(stack, member);
    const api = as(stack, token);
    const change = (currentPassword: string) =>
      api.post('/api/auth/password').send({ currentPassword, newPassword: 'Lilac-harbour-comet-58' });
    for (let i = 0; i < 4; i++) expect((await change('Wrong-password-guess').expect(422)).body.code).toBe('WRONG_CURRENT_PASSWORD');
    const fifth = await change('Wrong-password-guess').expect(401);
    expect(fifth.body.message).toMatch(/Too many wrong passwords/);
    await api.get('/api/auth/me').expect(401);
    // The address is paused for sign-in too.
    await login(member.email, member.password).expect(401);
    expect(await audit('auth.sign_in.failed')).toHaveLength(5);
  });

  describe('second factor', () => {
    let secret: string;
    let recoveryCodes: string[];

    beforeEach(async () => {
      const api = as(stack, await signIn(stack, member));
      secret = (await api.post('/api/auth/totp/enroll').send({ password: member.password }).expect(200)).body.secret;
      recoveryCodes = (
        await api
          .post('/api/auth/totp/confirm')
          .send({ code: await generate({ secret }) })
          .expect(200)
      ).body.recoveryCodes;
    });

    const challenge = async () => (await login(member.email, member.password).expect(200)).body.mfaToken as string;
    const totpStep = (mfaToken: string, code: string) => stack.http.post('/api/auth/login/totp').send({ mfaToken, code });

    it('evaluates five of 30 concurrent wrong codes, then refuses the right one until the window ends, and tells the member', async () => {
      const verify = jest.spyOn(stack.api.get(TotpService), 'verify');
      const mfaToken = await challenge();
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => totpStep(mfaToken, String(100000 + i))));
      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(401));
      expect(new Set(responses.map((response) => response.body.code))).toEqual(new Set(['INVALID_TOTP_CODE']));
      expect(verify).toHaveBeenCalledTimes(5);

      const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
      await totpStep(mfaToken, code).expect(401);
      expect(await lockMails()).toEqual([{ to: member.email, data: expect.objectContaining({ scope: 'second-factor', failures: 5 }) }]);
    });

    it('uses an mfaToken once: after a TOTP sign-in the same token with a recovery code is refused', async () => {
      const mfaToken = await challenge();
      await totpStep(mfaToken, await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 })).expect(200);
      const reused = await totpStep(mfaToken, recoveryCodes[0]!).expect(401);
      expect(reused.body.code).toBe('INVALID_MFA_TOKEN');
      expect(await liveSessions()).toBe(2); // the enrolling session and the TOTP one
    });

    it('ends open mfaTokens when the password changes', async () => {
      const mfaToken = await challenge();
      const api = as(
        stack,
        await stack.api
          .get(PasswordSignInService)
          .completeTotp({ mfaToken: await challenge(), code: recoveryCodes[1]! }, from('127.0.0.1'))
          .then((s) => s.accessToken),
      );
      await api.post('/api/auth/password').send({ currentPassword: member.password, newPassword: 'Lilac-harbour-comet-58' }).expect(204);
      expect((await totpStep(mfaToken, recoveryCodes[0]!).expect(401)).body.code).toBe('INVALID_MFA_TOKEN');
    });

    it('lets exactly one of ten concurrent uses of a recovery code in; the others get a clean 401', async () => {
      const tokens: string[] = [];
      for (let i = 0; i < 10; i++) tokens.push(await challenge());
      const responses = await Promise.all(tokens.map((mfaToken) => totpStep(mfaToken, recoveryCodes[2]!)));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(9).fill(401)]);
      for (const response of responses.filter((r) => r.status === 401)) expect(response.body.code).toBe('INVALID_TOTP_CODE');
    });
  });
});
