import { JwtService } from '@nestjs/jwt';
import { AuditEventEntity } from '@resetdesk/audit';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { StaffRepository, StaffSessionEntity } from '@resetdesk/staff';
import { generate } from 'otplib';
import { createStaff, signIn, TestStaff } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

const PASSWORD_REFRESH_COOKIE = /resetdesk_refresh=([^;]+);/;

describe('staff sign-in', () => {
  let stack: TestStack;
  let admin: TestStaff;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    jest.restoreAllMocks();
    await resetState(stack);
    admin = await createStaff(stack, 'admin');
  });

  const login = (email: string, password: string) => stack.http.post('/api/auth/login').send({ email, password });
  const audit = (action?: string) =>
    stack.dataSource.getRepository(AuditEventEntity).find({ where: action ? { action } : {}, order: { id: 'ASC' } });
  const staffRow = (id: number) => stack.api.get(StaffRepository).findById(id);
  /** How the session an access token names was opened, on its row and in its sign-in event. */
  const openedBy = async (accessToken: string) => {
    const sid = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid as string;
    const row = await stack.dataSource.getRepository(StaffSessionEntity).findOneByOrFail({ id: sid });
    const events = (await audit('auth.sign_in.succeeded')).filter((event) => event.details?.sessionId === sid);
    return { session: row.method, audited: events.map((event) => event.details?.method) };
  };

  it('answers an access token and sets a rotating httpOnly SameSite=Strict refresh cookie', async () => {
    const response = await login(admin.email, admin.password).expect(200);
    expect(response.body).toEqual({ accessToken: expect.any(String), expiresIn: 900 });
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(PASSWORD_REFRESH_COOKIE);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/auth/);

    const me = await as(stack, response.body.accessToken).get('/api/auth/me').expect(200);
    expect(me.body).toMatchObject({ email: admin.email, role: 'admin', totpEnabled: false, mfaEnrollmentRequired: false });
    expect(await audit('auth.sign_in.succeeded')).toHaveLength(1);
    expect(await openedBy(response.body.accessToken)).toEqual({ session: 'password', audited: ['password'] });
  });

  it('answers an unknown email exactly like a wrong password, and spends an argon2 verification on it', async () => {
    const verify = jest.spyOn(stack.api.get(PasswordHasher), 'verify');
    const unknown = await login('nobody@example.com', 'whatever-password');
    const wrong = await login(admin.email, 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid email or password',
      code: 'INVALID_CREDENTIALS',
    });
    const headerNames = (response: typeof unknown) =>
      Object.keys(response.headers)
        .filter((h) => !['date', 'etag', 'x-request-id'].includes(h))
        .sort();
    expect(headerNames(unknown)).toEqual(headerNames(wrong));
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['a missing email', { password: 'x' }, /email must be an email address/],
    ['a numeric password', { email: 'a@example.com', password: 12345 }, /password must be text/],
    ['an unknown field', { email: 'a@example.com', password: 'x', remember: true }, /unknown field "remember"/],
    ['an empty password', { email: 'a@example.com', password: '' }, /password must not be empty/],
  ])('refuses %s with 400 before any password is checked', async (_case, body, message) => {
    const verify = jest.spyOn(stack.api.get(PasswordHasher), 'verify');
    const eventsBefore = (await audit()).length;
    const response = await stack.http.post('/api/auth/login').send(body).expect(400);
    expect(response.body.message).toMatch(message);
    expect(verify).not.toHaveBeenCalled();
    expect(await audit()).toHaveLength(eventsBefore);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await stack.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
    expect(response.body.message).toBe('The request body is not valid JSON');
  });

  describe('lockout', () => {
    it('pauses the address after five failures: even the right password then answers like a wrong one', async () => {
      const wrong = await login(admin.email, 'wrong-password').expect(401);
      for (let i = 0; i < 4; i++) await login(admin.email, 'wrong-password').expect(401);
      const paused = await login(admin.email, admin.password).expect(401);
      expect(paused.body).toEqual(wrong.body);
      expect((await staffRow(admin.id))?.failedLogins).toBe(5);
      expect(await audit('auth.sign_in.locked')).toHaveLength(1);
      expect(await audit('auth.sign_in.throttled')).toHaveLength(1);
    });

    it('evaluates only five of 20 concurrent wrong passwords, and answers all of them alike', async () => {
      const responses = await Promise.all(Array.from({ length: 20 }, () => login(admin.email, 'wrong-password')));
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(401));
      expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
      const row = await staffRow(admin.id);
      expect(row!.failedLogins).toBe(5);
      expect(await audit('auth.sign_in.failed')).toHaveLength(5);
      expect(await audit('auth.sign_in.throttled')).toHaveLength(15);
      await login(admin.email, admin.password).expect(401);
    });

    it('lets the member in again after 15 minutes', async () => {
      for (let i = 0; i < 5; i++) await login(admin.email, 'wrong-password').expect(401);
      const clock = stack.api.get(Clock);
      const later = new Date(Date.now() + 15 * 60_000 + 1000);
      jest.spyOn(clock, 'now').mockReturnValue(later);
      await login(admin.email, admin.password).expect(200);
      expect((await staffRow(admin.id))?.failedLogins).toBe(0);
    });
  });

  describe('two-factor sign-in', () => {
    async function enroll(token: string) {
      const api = as(stack, token);
      const enrollment = await api.post('/api/auth/totp/enroll').send({ password: admin.password }).expect(200);
      expect(enrollment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      expect(enrollment.body.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      const secret = enrollment.body.secret as string;
      const confirm = await api
        .post('/api/auth/totp/confirm')
        .send({ code: await generate({ secret }) })
        .expect(200);
      expect(confirm.body.recoveryCodes).toHaveLength(10);
      return { secret, recoveryCodes: confirm.body.recoveryCodes as string[] };
    }

    it('asks for a TOTP code after the password, and never accepts the same code twice', async () => {
      const { secret } = await enroll(await signIn(stack, admin));
      // The confirming code used the current step; sign in one step later.
      const clock = stack.api.get(Clock);
      jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 30_000));
      const code = await generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

      const first = await login(admin.email, admin.password).expect(200);
      expect(first.body).toEqual({ mfaRequired: true, mfaToken: expect.any(String) });
      const session = await stack.http.post('/api/auth/login/totp').send({ mfaToken: first.body.mfaToken, code }).expect(200);
      expect(session.body.accessToken).toEqual(expect.any(String));
      expect(await openedBy(session.body.accessToken)).toEqual({ session: 'password+totp', audited: ['password+totp'] });

      const second = await login(admin.email, admin.password).expect(200);
      const replay = await stack.http.post('/api/auth/login/totp').send({ mfaToken: second.body.mfaToken, code }).expect(401);
      expect(replay.body.code).toBe('INVALID_TOTP_CODE');
      expect(await audit('auth.totp.failed')).toHaveLength(1);
    });

    it('accepts each recovery code once instead of a TOTP code', async () => {
      const { recoveryCodes } = await enroll(await signIn(stack, admin));
      const challenge = async () => (await login(admin.email, admin.password).expect(200)).body.mfaToken as string;
      await stack.http
        .post('/api/auth/login/totp')
        .send({ mfaToken: await challenge(), code: recoveryCodes[0] })
        .expect(200);
      await stack.http
        .post('/api/auth/login/totp')
        .send({ mfaToken: await challenge(), code: recoveryCodes[0] })
        .expect(401);
      const token = await stackLoginWithRecovery(recoveryCodes[1]!.toLowerCase().replace('-', ''));
      const me = await as(stack, token).get('/api/auth/me').expect(200);
      expect(me.body.recoveryCodesLeft).toBe(8);
      expect(await openedBy(token)).toEqual({ session: 'password+recovery-code', audited: ['password+recovery-code'] });

      async function stackLoginWithRecovery(code: string) {
        const response = await stack.http
          .post('/api/auth/login/totp')
          .send({ mfaToken: await challenge(), code })
          .expect(200);
        return response.body.accessToken as string;
      }
    });

    it('refuses a bad or expired mfaToken and a malformed code with clear messages', async () => {
      await enroll(await signIn(stack, admin));
      const mfaToken = (await login(admin.email, admin.password).expect(200)).body.mfaToken;
      const bad = await stack.http.post('/api/auth/login/totp').send({ mfaToken: 'abc', code: '123456' }).expect(400);
      expect(bad.body.message).toMatch(/mfaToken must be the token answered by \/api\/auth\/login/);
      const malformed = await stack.http.post('/api/auth/login/totp').send({ mfaToken, code: '12ab' }).expect(400);
      expect(malformed.body.message).toMatch(/code must be 6 digits or a recovery code/);
      const forged = stack.api
        .get(JwtService)
        .sign({ sub: String(admin.id), typ: 'mfa' }, { secret: 'another-key-another-key-another-key!', algorithm: 'HS256' });
      expect((await stack.http.post('/api/auth/login/totp').send({ mfaToken: forged, code: '123456' }).expect(401)).body.code).toBe(
        'INVALID_MFA_TOKEN',
      );
    });

    it('refuses a wrong confirmation code and keeps 2FA off', async () => {
      const api = as(stack, await signIn(stack, admin));
      await api.post('/api/auth/totp/enroll').send({ password: admin.password }).expect(200);
      await api.post('/api/auth/totp/confirm').send({ code: '000000' }).expect(401);
      expect((await api.get('/api/auth/me').expect(200)).body.totpEnabled).toBe(false);
      await api.post('/api/auth/totp/confirm').send({ code: 'abcdef' }).expect(400);
    });
  });

  describe('tokens and sessions', () => {
    it('refuses expired, forged, alg:none and revoked tokens with 401', async () => {
      const token = await signIn(stack, admin);
      const jwt = stack.api.get(JwtService);
      const sid = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
      const claims = { sub: String(admin.id), sid, typ: 'access' };
      const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, { algorithm: 'HS256' });
      const wrongKey = jwt.sign(claims, { secret: 'not-the-server-key-not-the-server-key', algorithm: 'HS256' });
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

      expect((await as(stack, expired).get('/api/auth/me').expect(401)).body.message).toMatch(/access token has expired/);
      expect((await as(stack, wrongKey).get('/api/auth/me').expect(401)).body.message).toMatch(/access token is invalid/);
      expect((await as(stack, none).get('/api/auth/me').expect(401)).body.message).toMatch(/access token is invalid/);
      expect((await stack.http.get('/api/auth/me').expect(401)).body.message).toMatch(/Sign in first/);

      await as(stack, token).post('/api/auth/logout').expect(204);
      expect((await as(stack, token).get('/api/auth/me').expect(401)).body.message).toMatch(/session has ended/);
      expect(await audit('auth.sign_out')).toHaveLength(1);
    });

    it('rotates the refresh token, and a reused one ends every session', async () => {
      const first = await login(admin.email, admin.password).expect(200);
      const cookie1 = PASSWORD_REFRESH_COOKIE.exec(first.headers['set-cookie']![0]!)![1]!;
      const refreshed = await stack.http.post('/api/auth/refresh').set('Cookie', `resetdesk_refresh=${cookie1}`).expect(200);
      const cookie2 = PASSWORD_REFRESH_COOKIE.exec(refreshed.headers['set-cookie']![0]!)![1]!;
      expect(cookie2).not.toBe(cookie1);
      await as(stack, refreshed.body.accessToken).get('/api/auth/me').expect(200);

      // The first cookie again: somebody kept a copy.
      await stack.http.post('/api/auth/refresh').set('Cookie', `resetdesk_refresh=${cookie1}`).expect(401);
      await as(stack, refreshed.body.accessToken).get('/api/auth/me').expect(401);
      await stack.http.post('/api/auth/refresh').set('Cookie', `resetdesk_refresh=${cookie2}`).expect(401);
      expect(await audit('auth.refresh.reused')).toHaveLength(1);
      await stack.http.post('/api/auth/refresh').expect(401);
    });

    it('refuses a correctly signed access token that has no exp', async () => {
      const token = await signIn(stack, admin);
      const sid = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
      const forever = stack.api.get(JwtService).sign({ sub: String(admin.id), sid, typ: 'access' }, { algorithm: 'HS256' });
      expect(JSON.parse(Buffer.from(forever.split('.')[1]!, 'base64url').toString()).exp).toBeUndefined();
      await as(stack, forever).get('/api/auth/me').expect(401);
      await as(stack, token).get('/api/auth/me').expect(200);
    });

    it('marks every answer carrying a token, a TOTP secret or recovery codes Cache-Control: no-store', async () => {
      const first = await login(admin.email, admin.password).expect(200);
      expect(first.headers['cache-control']).toBe('no-store');
      const cookie = PASSWORD_REFRESH_COOKIE.exec(first.headers['set-cookie']![0]!)![1]!;
      const refreshed = await stack.http.post('/api/auth/refresh').set('Cookie', `resetdesk_refresh=${cookie}`).expect(200);
      expect(refreshed.headers['cache-control']).toBe('no-store');

      const api = as(stack, refreshed.body.accessToken);
      const enrollment = await api.post('/api/auth/totp/enroll').send({ password: admin.password }).expect(200);
      expect(enrollment.headers['cache-control']).toBe('no-store');
      const confirmed = await api
        .post('/api/auth/totp/confirm')
        .send({ code: await generate({ secret: enrollment.body.secret }) })
        .expect(200);
      expect(confirmed.headers['cache-control']).toBe('no-store');

      const challenge = await login(admin.email, admin.password).expect(200);
      expect(challenge.headers['cache-control']).toBe('no-store');
      const second = await stack.http
        .post('/api/auth/login/totp')
        .send({ mfaToken: challenge.body.mfaToken, code: confirmed.body.recoveryCodes[0] })
        .expect(200);
      expect(second.headers['cache-control']).toBe('no-store');
    });

    it('asks for the password again before 2FA enrollment, and counts a wrong one', async () => {
      const api = as(stack, await signIn(stack, admin));
      expect((await api.post('/api/auth/totp/enroll').expect(400)).body.message).toMatch(/password must be text/);
      const wrong = await api.post('/api/auth/totp/enroll').send({ password: 'not-the-password' }).expect(422);
      expect(wrong.body.message).toBe('password is not your current password');
      expect(await audit('auth.sign_in.failed')).toHaveLength(1);
      expect(await audit('auth.totp.enrollment_started')).toHaveLength(0);
      await api.post('/api/auth/totp/enroll').send({ password: admin.password }).expect(200);
    });

    it('refuses a weak new password by the staff policy', async () => {
      const api = as(stack, await signIn(stack, admin));
      for (const weak of ['aaaaaaaaaaaa', 'password1234', `${admin.email.split('@')[0]}-Zq9!x`]) {
        const refused = await api.post('/api/auth/password').send({ currentPassword: admin.password, newPassword: weak }).expect(422);
        expect(refused.body).toMatchObject({
          code: 'STAFF_WEAK_PASSWORD',
          message: expect.stringMatching(/^newPassword does not meet the staff password rules/),
        });
      }
      await login(admin.email, admin.password).expect(200);
    });

    it('ends every session when the member changes their password', async () => {
      const token = await signIn(stack, admin);
      const other = await signIn(stack, admin);
      const api = as(stack, token);
      await api.post('/api/auth/password').send({ currentPassword: 'wrong-one', newPassword: 'A-brand-new-password' }).expect(422);
      await api.post('/api/auth/password').send({ currentPassword: admin.password, newPassword: 'short' }).expect(400);
      await api.post('/api/auth/password').send({ currentPassword: admin.password, newPassword: 'A-brand-new-password' }).expect(204);
      await as(stack, other).get('/api/auth/me').expect(401);
      await login(admin.email, admin.password).expect(401);
      await login(admin.email, 'A-brand-new-password').expect(200);
    });
  });
});

describe('roles that must use 2FA', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { MFA_REQUIRED_ROLES: 'supervisor,admin' } });
    await resetState(stack);
  });

  afterAll(() => stack.close());

  it('signs in with mfaEnrollmentRequired and only reaches the profile until enrolled', async () => {
    const admin = await createStaff(stack, 'admin');
    const response = await stack.http.post('/api/auth/login').send({ email: admin.email, password: admin.password }).expect(200);
    expect(response.body.mfaEnrollmentRequired).toBe(true);
    const api = as(stack, response.body.accessToken);

    const refused = await api.get('/api/staff').expect(403);
    expect(refused.body).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', message: expect.stringMatching(/requires two-factor sign-in/) });
    expect((await api.get('/api/auth/me').expect(200)).body).toMatchObject({ mfaRequired: true, mfaEnrollmentRequired: true });

    const { secret } = (await api.post('/api/auth/totp/enroll').send({ password: admin.password }).expect(200)).body;
    await api
      .post('/api/auth/totp/confirm')
      .send({ code: await generate({ secret }) })
      .expect(200);
    await api.get('/api/staff').expect(200);
  });

  it('does not ask agents for 2FA', async () => {
    const agent = await createStaff(stack, 'agent');
    const response = await stack.http.post('/api/auth/login').send({ email: agent.email, password: agent.password }).expect(200);
    expect(response.body.mfaEnrollmentRequired).toBeUndefined();
  });
});

describe('live sessions per member', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { STAFF_MAX_SESSIONS: '3' } });
    await resetState(stack);
  });

  afterAll(() => stack.close());

  it('keeps at most STAFF_MAX_SESSIONS live sessions: signing in once more ends the oldest', async () => {
    const member = await createStaff(stack, 'agent');
    const tokens: string[] = [];
    for (let i = 0; i < 4; i++) tokens.push(await signIn(stack, member));
    await as(stack, tokens[0]!).get('/api/auth/me').expect(401);
    for (const token of tokens.slice(1)) await as(stack, token).get('/api/auth/me').expect(200);
  });
});

describe('sign-in throttling', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    await resetState(stack);
  });

  afterAll(() => stack.close());

  it('answers 429 with Retry-After once an address exceeds the limit, before hashing, whatever X-Forwarded-For says', async () => {
    const member = await createStaff(stack, 'agent');
    const verify = jest.spyOn(stack.api.get(PasswordHasher), 'verify');
    const token = await signIn(stack, member);
    for (let i = 0; i < 2; i++) {
      await stack.http
        .post('/api/auth/login')
        .set('X-Forwarded-For', `10.0.0.${i}`)
        .send({ email: 'a@example.com', password: 'pw' })
        .expect(401);
    }
    const throttled = await stack.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', '10.9.9.9')
      .send({ email: 'a@example.com', password: 'pw' })
      .expect(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect(throttled.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/Too many sign-in requests/),
    });
    expect(verify).toHaveBeenCalledTimes(3);
    // Each anonymous route keeps its own budget per address.
    await stack.http.post('/api/auth/refresh').expect(401);

    // Signed-in routes are not throttled: a whole desk may share one address.
    for (let i = 0; i < 5; i++) await as(stack, token).get('/api/auth/me').expect(200);
  });
});
