import { AccountEntity } from '@resetdesk/accounts';
import { AuditEventEntity } from '@resetdesk/audit';
import { Clock, PasswordHasher, RateLimiter } from '@resetdesk/core';
import { TicketEntity } from '@resetdesk/tickets';
import type { Response } from 'supertest';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { createDana, useDesk } from '../support/desk';
import { as, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const NEW_PASSWORD = 'Harbor-lantern-57-quiet';
const SUBJECT = 'Your password reset code';

describe('self-service: forgot password, contact support', () => {
  const desk = useDesk();
  let mailbox: TestMailbox;
  let stack: TestStack;
  let accountId: number;

  beforeEach(async () => {
    ({ mailbox, stack } = desk);
    accountId = await createDana(desk.admin, { password: 'Original-pass-2026!' });
  });

  const account = () => stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: accountId });
  const forgot = (email: string) => stack.http.post('/api/self-service/forgot-password').send({ email });
  const verify = (body: Record<string, unknown>) => stack.http.post('/api/self-service/forgot-password/verify').send(body);
  const codeMail = async (count = 1) => {
    await waitFor(() => mailbox.messages.filter((message) => message.subject === SUBJECT).length >= count, {
      what: `${count} reset code email(s)`,
    });
    const mail = mailbox.messages.find((message) => message.subject === SUBJECT)!;
    return { mail, code: /Your password reset code: (\d{6})/.exec(mail.text)![1]! };
  };
  const other = (code: string) => (code === '000000' ? '111111' : '000000');

  it('emails a code that, with a new password, resets the password once; the holder is told', async () => {
    const answer = await forgot('Dana@Example.com').expect(202);
    expect(answer.body).toEqual({ message: 'If an account uses this address, a code is on its way. It works for 10 minutes.' });
    const { mail, code } = await codeMail();
    expect(mail.to).toEqual(['dana@example.com']);
    expect(mail.text).toContain('Never share this code — we will never ask for it.');

    expect((await verify({ email: 'dana@example.com', code: other(code), newPassword: NEW_PASSWORD }).expect(422)).body).toMatchObject({
      code: 'CODE_WRONG_OR_EXPIRED',
      message: 'The code is wrong, expired or already used; check the newest email, or ask for a new code',
    });
    const weak = await verify({ email: 'dana@example.com', code, newPassword: 'dreyes' }).expect(422);
    expect(weak.body).toMatchObject({ code: 'PASSWORD_REJECTED', failedRules: expect.arrayContaining(['MIN_LENGTH', 'PERSONAL_INFO']) });

    await verify({ email: 'dana@example.com', code, newPassword: NEW_PASSWORD }).expect(204);
    const holder = await account();
    expect(await stack.api.get(PasswordHasher).verify(holder.passwordHash!, NEW_PASSWORD)).toBe(true);
    await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
    // Used up.
    await verify({ email: 'dana@example.com', code, newPassword: 'Another-harbor-58-loud' }).expect(422);
    const actions = (await stack.dataSource.getRepository(AuditEventEntity).find({ order: { id: 'ASC' } })).map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['self_service.code_sent', 'self_service.code_failed', 'account.password_set', 'self_service.password_reset']),
    );
    expect(JSON.stringify(await stack.dataSource.getRepository(AuditEventEntity).find())).not.toContain(code);
  });

  it('asks 60 s between requests for one address, known or not, with the wait; at most 5 an hour', async () => {
    await forgot('dana@example.com').expect(202);
    const again = await forgot('dana@example.com').expect(429);
    expect(again.body).toMatchObject({ code: 'CODE_RESEND_TOO_SOON', retryAfterSeconds: expect.any(Number) });
    expect(again.body.message).toMatch(/you can ask again in \d+ s/);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(50);
    await forgot('nobody@example.com').expect(202);
    const unknownAgain = await forgot('nobody@example.com').expect(429);
    expect(unknownAgain.body.code).toBe('CODE_RESEND_TOO_SOON');
    await codeMail();
    expect(mailbox.messages.filter((message) => message.subject === SUBJECT)).toHaveLength(1);
  });

  it('locks a code after 5 wrong tries, and refuses an expired code', async () => {
    await forgot('dana@example.com').expect(202);
    const { code } = await codeMail();
    for (let i = 0; i < 5; i++) await verify({ email: 'dana@example.com', code: other(code), newPassword: NEW_PASSWORD }).expect(422);
    await verify({ email: 'dana@example.com', code, newPassword: NEW_PASSWORD }).expect(422);
    const [row] = await stack.dataSource.query('SELECT status, attempts FROM self_service_codes');
    expect(row).toEqual({ status: 'locked', attempts: 5 });

    // A new code (the 60 s wait skipped), read 11 minutes later: expired.
    await stack.api.get(RateLimiter).clearAll();
    await forgot('dana@example.com').expect(202);
    const fresh = await codeMail(2);
    jest.spyOn(stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 11 * 60_000));
    await verify({ email: 'dana@example.com', code: fresh.code, newPassword: NEW_PASSWORD }).expect(422);
    expect((await account()).passwordVersion).toBe(1);
  });

  it('answers an unknown address exactly like a known one, and sends nothing', async () => {
    const known = await forgot('dana@example.com').expect(202);
    const unknown = await forgot('ghost@example.com').expect(202);
    expect(unknown.body).toEqual(known.body);
    await codeMail();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailbox.messages.filter((message) => message.to.includes('ghost@example.com'))).toEqual([]);
    const wrong = await verify({ email: 'ghost@example.com', code: '123456', newPassword: NEW_PASSWORD }).expect(422);
    expect(wrong.body.message).toBe('The code is wrong, expired or already used; check the newest email, or ask for a new code');
  });

  it('a self-service reset revokes the open assisted code and resolves a waiting ticket', async () => {
    const agent = as(stack, (await signedIn(stack, 'agent')).token);
    const ticketId = (await agent.post('/api/tickets').send({ accountId, subject: 'Locked out', channel: 'phone' }).expect(201)).body.id;
    await agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    await forgot('dana@example.com').expect(202);
    const { code } = await codeMail();
    await verify({ email: 'dana@example.com', code, newPassword: NEW_PASSWORD }).expect(204);
    expect((await agent.get(`/api/tickets/${ticketId}`).expect(200)).body.codes).toEqual([
      expect.objectContaining({ status: 'superseded' }),
    ]);
  });

  it('contact support opens a portal ticket for a known address and emails that account; unknown addresses get the same answer', async () => {
    const known = await stack.http
      .post('/api/self-service/tickets')
      .send({ email: 'dana@example.com', subject: 'Cannot sign in', description: 'Since Monday' })
      .expect(202);
    const unknown = await stack.http
      .post('/api/self-service/tickets')
      .send({ email: 'ghost@example.com', subject: 'Cannot sign in' })
      .expect(202);
    expect(unknown.body).toEqual(known.body);
    const mail = await mailbox.waitForMessage((message) => /^Support ticket #\d+ opened for your account$/.test(message.subject));
    expect(mail.to).toEqual(['dana@example.com']);
    const tickets = await stack.dataSource.getRepository(TicketEntity).find();
    expect(tickets).toEqual([
      expect.objectContaining({ accountId, channel: 'portal', status: 'open', assigneeId: null, description: 'Since Monday' }),
    ]);
    for (let i = 0; i < 2; i++)
      await stack.http
        .post('/api/self-service/tickets')
        .send({ email: 'dana@example.com', subject: `Again ${i}` })
        .expect(202);
    expect(
      (await stack.http.post('/api/self-service/tickets').send({ email: 'dana@example.com', subject: 'Fourth' }).expect(429)).body.code,
    ).toBe('TOO_MANY_REQUESTS');
  });

  it("contact support keeps a way back for someone who cannot read the mailbox: on the ticket for staff, never in the holder's email", async () => {
    await stack.http
      .post('/api/self-service/tickets')
      .send({
        email: 'dana@example.com',
        subject: 'Locked out',
        callbackPhone: ' +49 (30) 1234-5678 ',
        callbackEmail: 'dana.home@example.net',
      })
      .expect(202);
    // This request's own ticket and email: the previous test's emails may still be arriving.
    const [ticket] = await waitFor(
      async () => {
        const found = await stack.dataSource.getRepository(TicketEntity).findBy({ subject: 'Locked out' });
        return found.length > 0 ? found : undefined;
      },
      { what: 'the portal ticket' },
    );
    const mail = await mailbox.waitForMessage((message) => message.subject === `Support ticket #${ticket!.id} opened for your account`);
    expect(mail.to).toEqual(['dana@example.com']);
    // The holder learns another contact was left (a warning sign if it was not them), not what it is: anyone could type it.
    expect(mail.text).toContain('also left a phone number or another email address');
    expect(mail.text).not.toContain('1234');
    expect(mail.text).not.toContain('dana.home');
    expect(ticket).toMatchObject({ channel: 'portal', callbackPhone: '+49 (30) 1234-5678', callbackEmail: 'dana.home@example.net' });
    const admin = desk.admin;
    expect((await admin.get(`/api/tickets/${ticket!.id}`).expect(200)).body).toMatchObject({
      callbackPhone: '+49 (30) 1234-5678',
      callbackEmail: 'dana.home@example.net',
    });
    // Nothing was sent to the address it gave, and the trail names which ways back were given, not the values.
    expect(mailbox.messagesTo('dana.home@example.net')).toHaveLength(0);
    const [opened] = await stack.dataSource.getRepository(AuditEventEntity).findBy({ action: 'ticket.opened' });
    expect(opened!.details).toMatchObject({ callbackGiven: ['phone', 'email'] });
    expect(JSON.stringify(opened!.details)).not.toContain('1234');
  });

  it('change password accepts an expired current password (the must-change flow) and makes the account active again', async () => {
    await stack.dataSource.query("UPDATE accounts SET status = 'expired', password_expires_at = ? WHERE id = ?", [
      new Date(Date.now() - 86_400_000),
      accountId,
    ]);
    const change = (body: Record<string, string>) =>
      stack.http.post('/api/self-service/change-password').send({ username: 'dreyes', ...body });
    expect(
      (
        await change({
          currentPassword: 'Original-pass-2026!',
          newPassword: 'Original-pass-2026!',
          confirmPassword: 'Original-pass-2026!',
        }).expect(422)
      ).body.failedRules,
    ).toEqual(['HISTORY']);
    await change({ currentPassword: 'Original-pass-2026!', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).expect(204);
    const holder = await account();
    expect(holder).toMatchObject({ status: 'active', mustChangePassword: false });
    expect(holder.passwordExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 100 * 86_400_000);
    // Five attempts per username in 15 minutes, then 429 with the wait.
    for (let i = 0; i < 3; i++)
      await change({ currentPassword: 'Wrong-pass-2026!', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }).expect(401);
    const limited = await change({
      currentPassword: NEW_PASSWORD,
      newPassword: 'Another-harbor-58-loud',
      confirmPassword: 'Another-harbor-58-loud',
    }).expect(429);
    expect(limited.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
  });

  describe('bad input gets a 400 naming the problem and changes nothing', () => {
    it.each([
      ['/api/self-service/forgot-password', {}, /email must be/],
      ['/api/self-service/forgot-password', { email: 'not-an-address' }, /email must be an email address/],
      ['/api/self-service/forgot-password', { email: 'dana@example.com', extra: true }, /unknown field "extra"/],
      [
        '/api/self-service/forgot-password/verify',
        { email: 'dana@example.com', code: '12', newPassword: NEW_PASSWORD },
        /code must be the 6 digits/,
      ],
      ['/api/self-service/forgot-password/verify', { email: 'dana@example.com', code: '123456' }, /newPassword must be text/],
      ['/api/self-service/tickets', { email: 'dana@example.com' }, /subject must/],
      ['/api/self-service/tickets', { email: 'dana@example.com', subject: 'x'.repeat(201) }, /subject must be at most 200 characters/],
      [
        '/api/self-service/tickets',
        { email: 'dana@example.com', subject: 'Help', callbackPhone: 'call me' },
        /callbackPhone must be a phone number/,
      ],
      ['/api/self-service/tickets', { email: 'dana@example.com', subject: 'Help', callbackPhone: '+1 23' }, /at least 6 digits/],
      [
        '/api/self-service/tickets',
        { email: 'dana@example.com', subject: 'Help', callbackEmail: 'me at home' },
        /callbackEmail must be an email/,
      ],
      ['/api/self-service/change-password', { username: 'dreyes' }, /currentPassword must/],
    ])('%s %j', async (path, body, message) => {
      const answer: Response = await stack.http.post(path).send(body).expect(400);
      expect(answer.body.message).toMatch(message);
      expect(await stack.dataSource.query('SELECT id FROM self_service_codes')).toEqual([]);
      expect(await stack.dataSource.getRepository(TicketEntity).count()).toBe(0);
    });
  });
});
