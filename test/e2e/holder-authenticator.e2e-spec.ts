import { AuditAction, AuditEventEntity } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import { generate } from 'otplib';
import { createDana, useDesk } from '../support/desk';
import { signedIn } from '../support/staff';
import { as, TestStack } from '../support/test-stack';
import { openTicket } from '../support/tickets';

const PASSWORD = 'Original-pass-2026!';
const STEP_MS = 30_000;

/**
 * The holder's own authenticator app: enrolled on the portal with the current password, confirmed with a code, and
 * then a verification factor on tickets: the caller reads the app's current code, ±1 step, each step once.
 */
describe('the holder authenticator', () => {
  const desk = useDesk();
  let stack: TestStack;
  let agent: ReturnType<typeof as>;
  let accountId: number;
  // The server's clock stands still in each test, so which 30 s step a code belongs to never changes under it.
  let now: number;

  beforeEach(async () => {
    stack = desk.stack;
    now = Date.now();
    jest.spyOn(stack.api.get(Clock), 'now').mockImplementation(() => new Date(now));
    agent = as(stack, (await signedIn(stack, 'agent')).token);
    accountId = await createDana(desk.admin, { password: PASSWORD });
  });

  /** A code of the app at `offsetSteps` from now. */
  const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor((now + offsetSteps * STEP_MS) / 1000) });
  const startEnrollment = () =>
    stack.http.post('/api/self-service/authenticator/enroll').send({ username: 'dreyes', currentPassword: PASSWORD });

  /** Enrolls Dana's app; answers its secret. The enrollment used the current step. */
  async function enroll(): Promise<string> {
    const started = (await startEnrollment().expect(200)).body;
    await stack.http
      .post('/api/self-service/authenticator/confirm')
      .send({ enrollmentToken: started.enrollmentToken, code: await codeAt(started.secret) })
      .expect(200);
    return started.secret as string;
  }

  const askForAppCode = (ticketId: number) => agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'authenticator' });
  const verify = (ticketId: number, code: string) => agent.post(`/api/tickets/${ticketId}/otp/verify`).send({ code });

  it('enrolls with the current password and a code from the app, emails the holder, and keeps the secret out of trail and answers', async () => {
    const wrong = await stack.http
      .post('/api/self-service/authenticator/enroll')
      .send({ username: 'dreyes', currentPassword: 'not-my-password' })
      .expect(401);
    expect(wrong.body).toMatchObject({ code: 'WRONG_USERNAME_OR_PASSWORD' });
    expect(await stack.dataSource.query('SELECT id FROM account_authenticators')).toEqual([]);

    const started = await startEnrollment().expect(200);
    expect(started.headers['cache-control']).toBe('no-store');
    expect(started.body).toMatchObject({
      enrollmentToken: expect.any(String),
      otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/ResetDesk:dreyes\?secret=[A-Z2-7]+/),
      qrCode: expect.stringMatching(/^data:image\/svg\+xml;base64,/),
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      replacing: false,
      username: 'dreyes',
    });
    const { secret, enrollmentToken } = started.body as { secret: string; enrollmentToken: string };
    const confirm = (code: string) => stack.http.post('/api/self-service/authenticator/confirm').send({ enrollmentToken, code });

    const right = await codeAt(secret);
    const wrongCode = right === '000000' ? '111111' : '000000';
    expect((await confirm(wrongCode).expect(422)).body).toMatchObject({ code: 'WRONG_CODE', attemptsLeft: 4 });
    expect((await confirm(right).expect(200)).body).toEqual({ enrolled: true, enrolledAt: expect.any(String) });
    // Once: the token is spent.
    expect((await confirm(right).expect(410)).body.code).toBe('AUTHENTICATOR_ENROLLMENT_LAPSED');

    const mail = await desk.mailbox.waitForMessage((message) => message.subject === 'Authenticator app set up');
    expect(mail.to).toContain('dana@example.com');
    expect(mail.text).toContain('an authenticator app was set up for your account');
    expect((await agent.get(`/api/accounts/${accountId}/authenticator`).expect(200)).body).toEqual({
      enrolled: true,
      enrolledAt: expect.any(String),
    });

    const trail = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { accountId }, order: { id: 'ASC' } });
    expect(trail.map((event) => event.action)).toEqual(
      expect.arrayContaining([
        AuditAction.AuthenticatorEnrollmentStarted,
        AuditAction.AuthenticatorEnrollmentFailed,
        AuditAction.AuthenticatorEnrolled,
      ]),
    );
    const [stored] = await stack.dataSource.query('SELECT secret_encrypted FROM account_authenticators');
    for (const text of [
      JSON.stringify(trail),
      stored.secret_encrypted,
      JSON.stringify((await agent.get(`/api/accounts/${accountId}/authenticator`)).body),
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses a temporary password as proof, ends an enrollment after 5 wrong codes, and a new enrollment replaces the app only once confirmed', async () => {
    await stack.dataSource.query('UPDATE accounts SET must_change_password = 1 WHERE id = ?', [accountId]);
    expect((await startEnrollment().expect(409)).body).toMatchObject({
      code: 'SET_NEW_PASSWORD_FIRST',
      message: 'Choose a new password first (Change password), then set up the authenticator app with it',
    });
    await stack.dataSource.query('UPDATE accounts SET must_change_password = 0 WHERE id = ?', [accountId]);

    const first = await enroll();
    const second = (await startEnrollment().expect(200)).body;
    expect(second.replacing).toBe(true);
    const right = await codeAt(second.secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        stack.http.post('/api/self-service/authenticator/confirm').send({ enrollmentToken: second.enrollmentToken, code: wrong }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(4);
    expect(answers.filter((answer) => answer.status === 410)).toHaveLength(16);
    await stack.http
      .post('/api/self-service/authenticator/confirm')
      .send({ enrollmentToken: second.enrollmentToken, code: right })
      .expect(410);

    // The first app still verifies: the lapsed enrollment replaced nothing.
    const ticketId = await openTicket(agent, accountId);
    await askForAppCode(ticketId).expect(202);
    await verify(ticketId, await codeAt(first, 1)).expect(200);
  });

  it('verifies a caller by the code their app shows: nothing is sent, ±1 step, and a code once used is refused as a replay', async () => {
    const noApp = await openTicket(agent, accountId);
    expect((await askForAppCode(noApp).expect(422)).body).toMatchObject({
      code: 'ACCOUNT_HAS_NO_AUTHENTICATOR',
      message: 'Dana Reyes has no authenticator app enrolled; send a code by email or chat',
    });
    const secret = await enroll();
    desk.mailbox.clear();

    const ticketId = await openTicket(agent, accountId, 'Phone call');
    const asked = await askForAppCode(ticketId).expect(202);
    expect(asked.body).toEqual({ challengeId: expect.any(Number), expiresAt: expect.any(String), resendAvailableAt: expect.any(String) });
    const detail = (await agent.get(`/api/tickets/${ticketId}`).expect(200)).body;
    expect(detail).toMatchObject({
      status: 'verifying',
      authenticatorEnrolled: true,
      codes: [expect.objectContaining({ channel: 'authenticator' })],
    });

    // The enrollment took the current step: the caller reading it out again is a replay, counted.
    const replayed = await verify(ticketId, await codeAt(secret)).expect(422);
    expect(replayed.body).toMatchObject({ code: 'AUTHENTICATOR_CODE_REPLAYED', attemptsLeft: 4 });
    // The next step (a phone clock 30 s ahead) verifies.
    expect((await verify(ticketId, await codeAt(secret, 1)).expect(200)).body).toEqual({
      verified: true,
      verifiedUntil: expect.any(String),
    });
    // Two steps off is outside the window.
    const other = await openTicket(agent, accountId, 'Second call');
    await askForAppCode(other).expect(202);
    expect((await verify(other, await codeAt(secret, 2)).expect(422)).body.code).toBe('WRONG_CODE');

    // No code went to the holder for either ticket; the trail says how the caller was verified.
    expect(desk.mailbox.messages.filter((message) => /verification code/i.test(message.subject))).toEqual([]);
    const verified = await stack.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ ticketId, action: AuditAction.CodeVerified });
    expect(verified.details).toMatchObject({ channel: 'authenticator' });
    const replay = await stack.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ ticketId, action: AuditAction.CodeFailed });
    expect(replay.details).toMatchObject({ replayed: true, attemptsLeft: 4 });
  });

  it('counts 50 concurrent wrong app codes as exactly 5 tries and locks; a right code in the same burst never lands after the lock', async () => {
    const secret = await enroll();
    const ticketId = await openTicket(agent, accountId);
    await askForAppCode(ticketId).expect(202);
    const right = await codeAt(secret, 1);
    const wrong = right === '000000' ? '111111' : '000000';

    const answers = await Promise.all(Array.from({ length: 50 }, () => verify(ticketId, wrong)));
    expect(answers.filter((answer) => answer.status === 422)).toHaveLength(4);
    expect(answers.filter((answer) => answer.status === 423)).toHaveLength(46);
    const [challenge] = await stack.dataSource.query('SELECT attempts, status FROM verification_challenges WHERE ticket_id = ?', [
      ticketId,
    ]);
    expect(challenge).toEqual({ attempts: 5, status: 'locked' });
    expect((await verify(ticketId, right).expect(423)).body.message).toMatch(/locked/);
    expect((await agent.get(`/api/tickets/${ticketId}`).expect(200)).body.status).toBe('verifying');

    // 50 wrong and the right one at once, on a fresh check: at most 5 tries counted; the right one verifies only
    // while the check is still open, and then no wrong try is counted after it.
    const burstTicket = await openTicket(agent, accountId, 'Burst');
    await askForAppCode(burstTicket).expect(202);
    const burst = await Promise.all([...Array.from({ length: 50 }, () => verify(burstTicket, wrong)), verify(burstTicket, right)]);
    const rightAnswer = burst.at(-1)!;
    const [after] = await stack.dataSource.query('SELECT attempts, status FROM verification_challenges WHERE ticket_id = ?', [burstTicket]);
    expect(after.attempts).toBeLessThanOrEqual(5);
    if (rightAnswer.status === 200) expect(after).toMatchObject({ status: 'verified' });
    else expect({ status: rightAnswer.status, row: after.status }).toEqual({ status: 423, row: 'locked' });
  });

  it('lets one of two tries with the same right code verify; the holder or an admin removes the app, and its codes stop working', async () => {
    const secret = await enroll();
    const first = await openTicket(agent, accountId, 'First');
    await askForAppCode(first).expect(202);
    const code = await codeAt(secret, 1);
    const twice = await Promise.all([verify(first, code), verify(first, code)]);
    expect(twice.map((answer) => answer.status).sort()).toEqual([200, expect.any(Number)]);
    expect(twice.filter((answer) => answer.status === 200)).toHaveLength(1);

    // Removal needs the password too, and tells the holder.
    await stack.http.post('/api/self-service/authenticator/remove').send({ username: 'dreyes', currentPassword: 'wrong-one' }).expect(401);
    await stack.http
      .post('/api/self-service/authenticator/remove')
      .send({ username: 'dreyes', currentPassword: PASSWORD })
      .expect(200, { enrolled: false, enrolledAt: null });
    await desk.mailbox.waitForMessage((message) => message.subject === 'Authenticator app removed');
    const second = await openTicket(agent, accountId, 'Second');
    await askForAppCode(second).expect(422);

    // An admin removes a lost phone's app; agents may not.
    await enroll();
    await agent.delete(`/api/accounts/${accountId}/authenticator`).expect(403);
    await desk.admin.delete(`/api/accounts/${accountId}/authenticator`).expect(200, { enrolled: false, enrolledAt: null });
    expect((await desk.admin.delete(`/api/accounts/${accountId}/authenticator`).expect(422)).body.code).toBe(
      'ACCOUNT_HAS_NO_AUTHENTICATOR',
    );
    const removed = await stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { accountId, action: AuditAction.AuthenticatorRemoved } });
    expect(removed.map((event) => event.actorType)).toEqual(['account', 'staff']);
    await agent.get('/api/accounts/999999/authenticator').expect(404);
  });
});
