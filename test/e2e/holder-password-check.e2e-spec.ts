import { AccountEntity } from '@resetdesk/accounts';
import { Clock } from '@resetdesk/core';
import { SelfServiceCodeEntity } from '@resetdesk/self-service';
import { createDana, useDesk } from '../support/desk';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { as } from '../support/test-stack';
import { signedIn } from '../support/staff';
import { waitFor } from '../support/wait-for';

const ORIGINAL = 'Original-pass-2026!';
const NEW_PASSWORD = 'Harbor-lantern-57-quiet';
const FORGOT_SUBJECT = 'Your password reset code';

/**
 * The portal's checklist is the server's verdict: once a link, the emailed
 * code or the current password identifies the account, the page checks
 * candidates against that account's own policy and history — and what it
 * shows green, the change accepts.
 */
describe('holder password check: the checklist is the verdict of the change', () => {
  const desk = useDesk();
  let accountId: number;
  let corporateId: number;

  beforeEach(async () => {
    const policies = (await desk.admin.get('/api/password-policies').expect(200)).body as Array<{ id: number; name: string }>;
    corporateId = policies.find((policy) => policy.name === 'Corporate')!.id;
    accountId = await createDana(desk.admin, { password: ORIGINAL, policyId: corporateId });
  });

  const http = () => desk.stack.http;
  // Typed twice, as the page sends it once both entries agree: only then is history answered.
  const check = (checkToken: string, password: string) =>
    http().post('/api/self-service/password-check').send({ checkToken, password, confirmPassword: password });
  const codes = (rules: Array<{ code: string }>) => rules.map((rule) => rule.code);
  const linkToken = async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const ticketId = await openTicket(agent, accountId);
    await verifyCaller(agent, desk.mailbox, ticketId);
    await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    return (await resetLinkFromMail(desk.mailbox, ticketId)).token;
  };
  const forgotCode = async () => {
    await http().post('/api/self-service/forgot-password').send({ email: 'dana@example.com' }).expect(202);
    await waitFor(() => desk.mailbox.messages.some((message) => message.subject === FORGOT_SUBJECT), { what: 'a reset code email' });
    return /Your password reset code: (\d{6})/.exec(desk.mailbox.messages.find((message) => message.subject === FORGOT_SUBJECT)!.text)![1]!;
  };

  it("a reset link shows the account's own policy and history; a reuse is refused by the check and the change alike", async () => {
    const token = await linkToken();
    const { checkToken } = (await http().post('/api/self-service/reset/inspect').send({ token }).expect(200)).body;
    const staffView = (
      await desk.admin.post('/api/password-policies/check').send({ password: NEW_PASSWORD, policyId: corporateId }).expect(200)
    ).body;

    // Nothing typed passes nothing; history waits for the other rules.
    const empty = (await check(checkToken, '').expect(200)).body;
    expect(empty).toMatchObject({ passed: false, directory: null });
    expect(empty.rules.filter((rule: { passed: boolean }) => rule.passed)).toEqual([]);
    expect(empty.rules.at(-1)).toEqual({
      code: 'HISTORY',
      message: 'Not your current password or one of the 9 before it',
      passed: false,
      pending: true,
    });
    // The Corporate rules (strength among them, which the default policy lacks), then history.
    expect(codes(empty.rules)).toEqual([...codes(staffView.rules), 'HISTORY']);
    expect(codes(empty.rules)).toContain('STRENGTH');

    // Typed once, history is not answered yet (and a pending rule does not fail the verdict: the change decides it).
    const once = (await http().post('/api/self-service/password-check').send({ checkToken, password: ORIGINAL }).expect(200)).body;
    expect(once).toMatchObject({ passed: true });
    expect(once.rules.at(-1)).toMatchObject({ code: 'HISTORY', pending: true });

    const reuse = (await check(checkToken, ORIGINAL).expect(200)).body;
    expect(reuse.passed).toBe(false);
    expect(reuse.rules.filter((rule: { passed: boolean }) => !rule.passed)).toEqual([
      { code: 'HISTORY', message: 'Not your current password or one of the 9 before it', passed: false },
    ]);
    const refused = await http().post('/api/self-service/reset').send({ token, newPassword: ORIGINAL }).expect(422);
    expect(refused.body.failedRules).toEqual(['HISTORY']);

    expect((await check(checkToken, NEW_PASSWORD).expect(200)).body.passed).toBe(true);
    await http().post('/api/self-service/reset').send({ token, newPassword: NEW_PASSWORD }).expect(204);
    // The change ends the token: a page left open cannot keep probing the new history.
    expect((await check(checkToken, ORIGINAL).expect(410)).body).toMatchObject({
      code: 'PASSWORD_CHECK_EXPIRED',
      message: 'This page has been open too long, or the link, code or password it was opened with no longer works; start again',
    });
  });

  it('answers history ten times per account in 15 minutes, then leaves it to the change, which still refuses a reuse', async () => {
    const token = await linkToken();
    const { checkToken } = (await http().post('/api/self-service/reset/inspect').send({ token }).expect(200)).body;
    for (let i = 0; i < 10; i++)
      expect((await check(checkToken, `${NEW_PASSWORD}-${i}`).expect(200)).body.rules.at(-1).pending).toBeUndefined();
    const spent = (await check(checkToken, ORIGINAL).expect(200)).body;
    expect(spent.passed).toBe(true);
    expect(spent.rules.at(-1)).toEqual({
      code: 'HISTORY',
      message: 'Not your current password or one of the 9 before it (checked when you submit)',
      passed: false,
      pending: true,
    });
    expect((await http().post('/api/self-service/reset').send({ token, newPassword: ORIGINAL }).expect(422)).body.failedRules).toEqual([
      'HISTORY',
    ]);
  });

  it('a token ends with what it was opened with: a closed ticket’s link, a code that expired', async () => {
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const ticketId = await openTicket(agent, accountId);
    await verifyCaller(agent, desk.mailbox, ticketId);
    await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    const { token } = await resetLinkFromMail(desk.mailbox, ticketId);
    const { checkToken } = (await http().post('/api/self-service/reset/inspect').send({ token }).expect(200)).body;
    await check(checkToken, NEW_PASSWORD).expect(200);
    await agent.put(`/api/tickets/${ticketId}`).send({ status: 'closed' }).expect(200);
    await check(checkToken, NEW_PASSWORD).expect(410);

    const code = await forgotCode();
    const grant = (await http().post('/api/self-service/forgot-password/check-code').send({ email: 'dana@example.com', code }).expect(200))
      .body;
    // The token lasts no longer than the code (10 minutes), not the 30 a proved password gets.
    expect(new Date(grant.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    jest.spyOn(desk.stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 11 * 60_000));
    await check(grant.checkToken, NEW_PASSWORD).expect(410);
  });

  it('the emailed code opens the check without using the code up; a wrong code is a counted try, known address or not', async () => {
    const code = await forgotCode();
    const wrong = code === '000000' ? '111111' : '000000';
    const refusal = {
      code: 'CODE_WRONG_OR_EXPIRED',
      message: 'The code is wrong, expired or already used; check the newest email, or ask for a new code',
    };
    expect(
      (await http().post('/api/self-service/forgot-password/check-code').send({ email: 'dana@example.com', code: wrong }).expect(422)).body,
    ).toMatchObject(refusal);
    expect(
      (await http().post('/api/self-service/forgot-password/check-code').send({ email: 'nobody@example.com', code }).expect(422)).body,
    ).toMatchObject(refusal);
    const row = await desk.stack.dataSource.getRepository(SelfServiceCodeEntity).findOneByOrFail({ accountId });
    expect(row).toMatchObject({ attempts: 1, status: 'pending' });

    const grant = (await http().post('/api/self-service/forgot-password/check-code').send({ email: 'DANA@example.com', code }).expect(200))
      .body;
    expect(grant).toMatchObject({
      username: 'dreyes',
      displayName: 'Dana Reyes',
      checkToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect((await check(grant.checkToken, ORIGINAL).expect(200)).body.rules.at(-1)).toMatchObject({ code: 'HISTORY', passed: false });
    // Still usable for the change itself.
    await http()
      .post('/api/self-service/forgot-password/verify')
      .send({ email: 'dana@example.com', code, newPassword: NEW_PASSWORD })
      .expect(204);
    await check(grant.checkToken, NEW_PASSWORD).expect(410);
  });

  it('a burst of wrong codes with the right one among them: five tries lock the code, and the right one cannot set a password after', async () => {
    const code = await forgotCode();
    const wrongs = Array.from({ length: 30 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all(
      [...wrongs.slice(0, 15), code, ...wrongs.slice(15)].map((guess) =>
        http().post('/api/self-service/forgot-password/check-code').send({ email: 'dana@example.com', code: guess }),
      ),
    );
    expect(answers.filter((answer) => answer.status !== 200 && answer.status !== 422)).toEqual([]);
    // The right one may have been compared before the fifth wrong try landed; its token then dies with the lock.
    const granted = answers.filter((answer) => answer.status === 200);
    expect(granted.length).toBeLessThanOrEqual(1);
    const row = await desk.stack.dataSource.getRepository(SelfServiceCodeEntity).findOneByOrFail({ accountId });
    expect(row).toMatchObject({ attempts: 5, status: 'locked' });
    await http()
      .post('/api/self-service/forgot-password/verify')
      .send({ email: 'dana@example.com', code, newPassword: NEW_PASSWORD })
      .expect(422);
    expect((await desk.stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: accountId })).passwordVersion).toBe(1);
  });

  it('change password proves the current password first, under the same limit as the change itself', async () => {
    const verify = (currentPassword: string, username = 'dreyes') =>
      http().post('/api/self-service/change-password/verify').send({ username, currentPassword });
    const wrong = { code: 'WRONG_USERNAME_OR_PASSWORD', message: 'The username or current password is wrong' };
    expect((await verify('Wrong-pass-2026!').expect(401)).body).toMatchObject(wrong);
    expect((await verify(ORIGINAL, 'nobody').expect(401)).body).toMatchObject(wrong);

    const grant = (await verify(ORIGINAL).expect(200)).body;
    expect(grant).toMatchObject({ username: 'dreyes', displayName: 'Dana Reyes' });
    const verdict = (await check(grant.checkToken, ORIGINAL).expect(200)).body;
    expect(verdict.rules.filter((rule: { passed: boolean }) => !rule.passed).map((rule: { code: string }) => rule.code)).toEqual([
      'HISTORY',
    ]);
    await http()
      .post('/api/self-service/change-password')
      .send({ username: 'dreyes', currentPassword: ORIGINAL, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
      .expect(204);
    // A wrong try, a proof and a change so far (the unknown name counts under its own): proofs and changes share five in 15 minutes.
    await verify(NEW_PASSWORD).expect(200);
    await verify(NEW_PASSWORD).expect(200);
    expect((await verify(NEW_PASSWORD).expect(429)).body).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: expect.any(Number),
    });
  });

  it('refuses a forged, expired or disabled-account token with 410, and bad input with 400, without checking anything', async () => {
    const token = await linkToken();
    const { checkToken } = (await http().post('/api/self-service/reset/inspect').send({ token }).expect(200)).body as {
      checkToken: string;
    };
    const [id, version, expires, proof, signature] = checkToken.split('.');
    expect(proof).toMatch(/^l\d+$/);
    // Another account's id, a later expiry, or a proof that needs no open link, under the same signature.
    await check(`${Number(id) + 1}.${version}.${expires}.${proof}.${signature}`, NEW_PASSWORD).expect(410);
    await check(`${id}.${version}.${Number(expires) + 3600}.${proof}.${signature}`, NEW_PASSWORD).expect(410);
    await check(`${id}.${version}.${expires}.p.${signature}`, NEW_PASSWORD).expect(410);
    await check('not-a-token', NEW_PASSWORD).expect(410);

    jest.spyOn(desk.stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 31 * 60_000));
    await check(checkToken, NEW_PASSWORD).expect(410);
    jest.restoreAllMocks();
    await check(checkToken, NEW_PASSWORD).expect(200);
    await desk.admin.put(`/api/accounts/${accountId}`).send({ status: 'disabled' }).expect(200);
    await check(checkToken, NEW_PASSWORD).expect(410);

    expect((await http().post('/api/self-service/password-check').send({ password: NEW_PASSWORD }).expect(400)).body.message).toBe(
      'checkToken must be text',
    );
    expect((await http().post('/api/self-service/password-check').send({ checkToken, password: 7 }).expect(400)).body.message).toBe(
      'password must be text',
    );
  });
});
