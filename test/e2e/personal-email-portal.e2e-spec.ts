import { AuditAction, AuditEventEntity } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import { createDana, useDesk } from '../support/desk';
import { signedIn } from '../support/staff';
import { as, TestStack } from '../support/test-stack';
import { codeFromMail, openTicket } from '../support/tickets';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'Original-pass-2026!';
const CONFIRM_SUBJECT = 'Confirm your personal email';
const NOTICE_SUBJECT = 'Your contact details changed';

/**
 * The holder puts their own personal email on record from the portal: proved by their current password, confirmed by
 * the code sent to the new address, and told to the login email and to the address it replaces, never to the new one.
 */
describe('the personal email, set by the holder', () => {
  const desk = useDesk();
  let stack: TestStack;
  let accountId: number;

  beforeEach(async () => {
    stack = desk.stack;
    accountId = await createDana(desk.admin, { password: PASSWORD });
  });

  const start = (personalEmail: string, currentPassword = PASSWORD) =>
    stack.http.post('/api/self-service/personal-email/start').send({ username: 'dreyes', currentPassword, personalEmail });
  const confirm = (confirmationToken: string, code: string) =>
    stack.http.post('/api/self-service/personal-email/confirm').send({ confirmationToken, code });

  /** The code in the newest confirmation email to `to`. */
  async function codeSentTo(to: string): Promise<string> {
    const mail = await desk.mailbox.waitForMessage((message) => message.subject === CONFIRM_SUBJECT && message.to.includes(to));
    return /\b(\d{6})\b/.exec(mail.text)![1]!;
  }

  /** Puts `address` on record through the portal; the mailbox is empty again once its notice arrived. */
  async function putOnRecord(address: string): Promise<void> {
    const { confirmationToken } = (await start(address).expect(200)).body;
    await confirm(confirmationToken, await codeSentTo(address)).expect(200);
    await desk.mailbox.waitForMessage((message) => message.subject === NOTICE_SUBJECT);
    desk.mailbox.clear();
  }

  const noticesTo = () =>
    desk.mailbox.messages
      .filter((message) => message.subject === NOTICE_SUBJECT)
      .flatMap((message) => message.to)
      .sort();
  const personalEmailOnRecord = async () =>
    (
      (await stack.dataSource.query('SELECT personal_email FROM accounts WHERE id = ?', [accountId])) as Array<{
        personal_email: string | null;
      }>
    )[0]!.personal_email;

  it('puts an address on record only with the password and the code sent there; the login email is told; agents can then send codes to it', async () => {
    expect((await start('dana.home@example.net', 'not-my-password').expect(401)).body.code).toBe('WRONG_USERNAME_OR_PASSWORD');
    expect(await stack.dataSource.query('SELECT id FROM personal_email_confirmations')).toEqual([]);

    const started = await start(' Dana.Home@Example.NET ').expect(200);
    expect(started.headers['cache-control']).toBe('no-store');
    expect(started.body).toEqual({
      confirmationToken: expect.any(String),
      sentTo: 'dana.home@example.net',
      expiresAt: expect.any(String),
      replacing: false,
    });
    const mail = await desk.mailbox.waitForMessage((message) => message.subject === CONFIRM_SUBJECT);
    expect(mail.to).toEqual(['dana.home@example.net']);
    expect(mail.text).toContain('the personal email of your account dreyes');
    expect(mail.text).toContain('Never share this code — we will never ask for it.');
    const code = await codeSentTo('dana.home@example.net');
    expect(await personalEmailOnRecord()).toBeNull();

    const wrongCode = code === '000000' ? '111111' : '000000';
    expect((await confirm(started.body.confirmationToken, wrongCode).expect(422)).body).toMatchObject({
      code: 'WRONG_CODE',
      attemptsLeft: 4,
    });
    expect((await confirm(started.body.confirmationToken, code).expect(200)).body).toEqual({ personalEmail: 'dana.home@example.net' });
    expect((await confirm(started.body.confirmationToken, code).expect(410)).body.code).toBe('PERSONAL_EMAIL_CONFIRMATION_LAPSED');
    expect(await personalEmailOnRecord()).toBe('dana.home@example.net');

    await waitFor(() => noticesTo().length === 1, { what: 'the notice to the login email' });
    expect(noticesTo()).toEqual(['dana@example.com']);
    const notice = desk.mailbox.messages.find((message) => message.subject === NOTICE_SUBJECT)!;
    expect(notice.text).toContain('a personal email address was added to your account on our self-service portal, with your password');
    expect(notice.text).not.toContain('dana.home@example.net');

    const trail = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { accountId }, order: { id: 'ASC' } });
    expect(trail.map((event) => event.action)).toEqual(
      expect.arrayContaining([AuditAction.PersonalEmailCodeSent, AuditAction.PersonalEmailConfirmFailed, AuditAction.AccountUpdated]),
    );
    const updated = trail.find((event) => event.action === AuditAction.AccountUpdated && event.actorType === 'account')!;
    expect(updated.details).toEqual({ personalEmail: { from: null, to: 'dana.home@example.net' } });
    expect(JSON.stringify(trail)).not.toContain(code);
    expect(JSON.stringify(trail)).not.toContain(started.body.confirmationToken);

    const agent = as(stack, (await signedIn(stack, 'agent')).token);
    const ticketId = await openTicket(agent, accountId);
    await agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'personal_email' }).expect(202);
    expect((await codeFromMail(desk.mailbox, ticketId)).mail.to).toEqual(['dana.home@example.net']);
  });

  it('refuses the login email in any spelling, the address already on record, and a temporary password as proof', async () => {
    expect((await start('DANA@Example.com').expect(422)).body).toMatchObject({ code: 'PERSONAL_EMAIL_IS_LOGIN_EMAIL' });
    await putOnRecord('dana.home@example.net');
    expect((await start('dana.home@example.net').expect(409)).body).toMatchObject({ code: 'PERSONAL_EMAIL_UNCHANGED' });
    await stack.dataSource.query('UPDATE accounts SET must_change_password = 1 WHERE id = ?', [accountId]);
    expect((await start('dana.other@example.net').expect(409)).body).toMatchObject({
      code: 'SET_NEW_PASSWORD_FIRST',
      message: 'Choose a new password first (Change password), then add your personal email with it',
    });
    expect(desk.mailbox.messages.filter((message) => message.subject === CONFIRM_SUBJECT)).toEqual([]);
  });

  it('replacing one tells the login email and the old address, never the new one; removing tells both', async () => {
    await putOnRecord('dana.home@example.net');
    const replacing = await start('dana.new@example.net').expect(200);
    expect(replacing.body.replacing).toBe(true);
    await confirm(replacing.body.confirmationToken, await codeSentTo('dana.new@example.net')).expect(200);
    await waitFor(() => noticesTo().length === 2, { what: 'two notices' });
    expect(noticesTo()).toEqual(['dana.home@example.net', 'dana@example.com']);
    desk.mailbox.clear();

    const remove = (currentPassword: string) =>
      stack.http.post('/api/self-service/personal-email/remove').send({ username: 'dreyes', currentPassword });
    await remove('not-my-password').expect(401);
    expect((await remove(PASSWORD).expect(200)).body).toEqual({ personalEmail: null });
    await waitFor(() => noticesTo().length === 2, { what: 'two notices' });
    expect(noticesTo()).toEqual(['dana.new@example.net', 'dana@example.com']);
    expect(await personalEmailOnRecord()).toBeNull();
    expect((await remove(PASSWORD).expect(422)).body.code).toBe('ACCOUNT_HAS_NO_PERSONAL_EMAIL');
  });

  it('50 wrong codes and the right one at once: at most 5 are counted, and the right one lands only while the confirmation was open', async () => {
    const { confirmationToken } = (await start('dana.home@example.net').expect(200)).body;
    const code = await codeSentTo('dana.home@example.net');
    const wrong = Array.from({ length: 50 }, (_, index) => String((Number(code) + 1 + index) % 1_000_000).padStart(6, '0'));
    const answers = await Promise.all([...wrong.map((guess) => confirm(confirmationToken, guess)), confirm(confirmationToken, code)]);
    const right = answers.at(-1)!;
    expect(answers.slice(0, -1).every((answer) => answer.status === 422 || answer.status === 410)).toBe(true);
    const [row] = await stack.dataSource.query('SELECT status, attempts FROM personal_email_confirmations');
    expect(row.attempts).toBeLessThanOrEqual(5);
    const failures = await stack.dataSource
      .getRepository(AuditEventEntity)
      .countBy({ accountId, action: AuditAction.PersonalEmailConfirmFailed });
    expect(failures).toBe(row.attempts);
    if (right.status === 200) {
      expect(row.status).toBe('confirmed');
      expect(await personalEmailOnRecord()).toBe('dana.home@example.net');
    } else {
      expect(right.status).toBe(410);
      expect(row).toEqual({ status: 'lapsed', attempts: 5 });
      expect(await personalEmailOnRecord()).toBeNull();
    }
    // Either way the token is spent.
    expect((await confirm(confirmationToken, code).expect(410)).body.code).toBe('PERSONAL_EMAIL_CONFIRMATION_LAPSED');
  });

  it('a newer code replaces the older, a code lapses after 10 minutes, a disabled account confirms nothing, and 5 codes an hour at most', async () => {
    const first = (await start('dana.home@example.net').expect(200)).body;
    const firstCode = await codeSentTo('dana.home@example.net');
    desk.mailbox.clear();
    const second = (await start('dana.home@example.net').expect(200)).body;
    const secondCode = await codeSentTo('dana.home@example.net');
    await confirm(first.confirmationToken, firstCode).expect(410);

    const later = new Date(Date.now() + 10 * 60_000 + 1_000);
    const clock = jest.spyOn(stack.api.get(Clock), 'now').mockImplementation(() => later);
    await confirm(second.confirmationToken, secondCode).expect(410);
    clock.mockRestore();

    desk.mailbox.clear();
    const third = (await start('dana.home@example.net').expect(200)).body;
    const thirdCode = await codeSentTo('dana.home@example.net');
    await desk.admin.put(`/api/accounts/${accountId}`).send({ status: 'disabled' }).expect(200);
    await confirm(third.confirmationToken, thirdCode).expect(410);
    expect(await personalEmailOnRecord()).toBeNull();
    await desk.admin.put(`/api/accounts/${accountId}`).send({ status: 'active' }).expect(200);

    // Two more sent 30 minutes ago make five in the hour: the next is refused before anything is sent.
    await stack.dataSource.query(
      `INSERT INTO personal_email_confirmations (account_id, email, status, code_hash, created_at, expires_at)
       VALUES (?, 'x@example.net', 'lapsed', REPEAT('0', 64), NOW(3) - INTERVAL 30 MINUTE, NOW(3) - INTERVAL 20 MINUTE),
              (?, 'y@example.net', 'lapsed', REPEAT('0', 64), NOW(3) - INTERVAL 30 MINUTE, NOW(3) - INTERVAL 20 MINUTE)`,
      [accountId, accountId],
    );
    desk.mailbox.clear();
    const refused = await start('dana.home@example.net').expect(429);
    expect(refused.body.code).toBe('CODE_HOURLY_LIMIT');
    expect(refused.headers['retry-after']).toBe('3600');
    expect(desk.mailbox.messages).toEqual([]);
  });
});
