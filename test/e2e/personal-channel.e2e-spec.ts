import { AuditAction, AuditEventEntity } from '@resetdesk/audit';
import { createDana, useDesk } from '../support/desk';
import { signedIn } from '../support/staff';
import { as, TestStack } from '../support/test-stack';
import { codeFromMail, openTicket } from '../support/tickets';
import { createHash } from 'node:crypto';
import { waitFor } from '../support/wait-for';

/**
 * A personal email on record beside the login email: set by admins, a channel codes may go to, and every change told
 * to the login email and to the address it replaces. Codes go only to addresses on record, never to one dictated.
 */
describe('the personal email on record', () => {
  const desk = useDesk();
  let stack: TestStack;
  let agent: ReturnType<typeof as>;

  beforeEach(async () => {
    stack = desk.stack;
    agent = as(stack, (await signedIn(stack, 'agent')).token);
  });

  const sendTo = (ticketId: number, channel: string, extra: Record<string, unknown> = {}) =>
    agent.post(`/api/tickets/${ticketId}/otp`).send({ channel, ...extra });

  it('sends the code to the personal address only, and it verifies the caller', async () => {
    const accountId = await createDana(desk.admin, { personalEmail: ' Dana.Home@Example.NET ' });
    const account = (await agent.get(`/api/accounts/${accountId}`).expect(200)).body;
    expect(account.personalEmail).toBe('dana.home@example.net');

    const ticketId = await openTicket(agent, accountId);
    expect((await agent.get(`/api/tickets/${ticketId}`).expect(200)).body.accountPersonalEmailOnRecord).toBe(true);
    await sendTo(ticketId, 'personal_email').expect(202);
    const { mail, code } = await codeFromMail(desk.mailbox, ticketId);
    expect(mail.to).toEqual(['dana.home@example.net']);
    expect(desk.mailbox.messages.filter((message) => message.subject === mail.subject)).toHaveLength(1);
    await agent.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(200);
    const sent = await stack.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ ticketId, action: AuditAction.CodeSent });
    expect(sent.details).toMatchObject({ channel: 'personal_email' });
  });

  it('refuses the channel without an address on record, and any address the request names; nothing is sent', async () => {
    const accountId = await createDana(desk.admin);
    const ticketId = await openTicket(agent, accountId);
    expect((await sendTo(ticketId, 'personal_email').expect(422)).body).toMatchObject({
      code: 'ACCOUNT_HAS_NO_PERSONAL_EMAIL',
      message: 'Dana Reyes has no personal email on record (an admin adds one on the account); send the code to the login email or by chat',
    });
    const dictated = await sendTo(ticketId, 'email', { to: 'attacker@example.org' }).expect(400);
    expect(JSON.stringify(dictated.body)).toContain('to');
    expect(await stack.dataSource.query('SELECT id FROM verification_challenges')).toEqual([]);
  });

  it('is set by admins only; each change is audited and told to the login email and the address it replaces, never the new one', async () => {
    const accountId = await createDana(desk.admin, { personalEmail: 'dana.home@example.net' });
    await agent.put(`/api/accounts/${accountId}`).send({ personalEmail: 'attacker@example.org' }).expect(403);
    expect(
      (await desk.admin.put(`/api/accounts/${accountId}`).send({ personalEmail: 'not-an-address' }).expect(400)).body.message,
    ).toContain('personalEmail must be an email address or null');

    await desk.admin.put(`/api/accounts/${accountId}`).send({ personalEmail: 'dana.new@example.net' }).expect(200);
    const subject = 'Your contact details changed';
    await waitFor(() => desk.mailbox.messages.filter((message) => message.subject === subject).length === 2, { what: 'two notices' });
    const notices = desk.mailbox.messages.filter((message) => message.subject === subject);
    expect(notices.flatMap((message) => message.to).sort()).toEqual(['dana.home@example.net', 'dana@example.com']);
    for (const notice of notices) {
      expect(notice.text).toContain('the personal email address on your account was changed by our support team');
      expect(notice.text).not.toContain('dana.new@example.net');
    }
    const [updated] = await stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { accountId, action: AuditAction.AccountUpdated } });
    expect(updated!.details).toEqual({ personalEmail: { from: 'dana.home@example.net', to: 'dana.new@example.net' } });

    desk.mailbox.clear();
    await desk.admin.put(`/api/accounts/${accountId}`).send({ personalEmail: null }).expect(200);
    await waitFor(() => desk.mailbox.messages.filter((message) => message.subject === subject).length === 2, { what: 'two notices' });
    expect(desk.mailbox.messages[0]!.text).toContain('the personal email address was removed from your account');
    expect((await agent.get(`/api/accounts/${accountId}`).expect(200)).body.personalEmail).toBeNull();
  });

  it('a CSV import sets, replaces and clears it where the file has the column, each change audited and told; the login email is a row error', async () => {
    const importCsv = async (csv: string) => {
      const file = Buffer.from(csv);
      const sha = createHash('sha256').update(file).digest('hex');
      return (
        await desk.admin
          .post(`/api/accounts/import?confirm=${sha}`)
          .attach('file', file, { filename: 'd.csv', contentType: 'text/csv' })
          .expect(200)
      ).body;
    };
    const onRecord = async () =>
      Object.fromEntries(
        (
          (await stack.dataSource.query('SELECT username, personal_email FROM accounts ORDER BY username')) as Array<{
            username: string;
            personal_email: string | null;
          }>
        ).map((row) => [row.username, row.personal_email]),
      );
    const header = 'username,email,display_name,personal_email';
    expect(
      await importCsv(`${header}\ndreyes,dana@example.com,Dana Reyes,Dana.Home@Example.NET\nbsmith,ben@example.com,Ben Smith,\n`),
    ).toMatchObject({
      created: 2,
      failed: 0,
    });
    expect(await onRecord()).toEqual({ bsmith: null, dreyes: 'dana.home@example.net' });

    desk.mailbox.clear();
    const report = await importCsv(
      `${header}\ndreyes,dana@example.com,Dana Reyes,dana.new@example.net\nbsmith,ben@example.com,Ben Smith,BEN@example.com\n`,
    );
    expect(report).toMatchObject({ updated: 1, failed: 1 });
    expect(report.errors[0]).toMatchObject({
      row: 3,
      column: 'personal_email',
      reason: expect.stringContaining('must not be the login email'),
    });
    expect(await onRecord()).toEqual({ bsmith: null, dreyes: 'dana.new@example.net' });
    const subject = 'Your contact details changed';
    await waitFor(() => desk.mailbox.messages.filter((message) => message.subject === subject).length === 2, { what: 'two notices' });
    expect(
      desk.mailbox.messages
        .filter((message) => message.subject === subject)
        .flatMap((message) => message.to)
        .sort(),
    ).toEqual(['dana.home@example.net', 'dana@example.com']);
    const danaId = (await stack.dataSource.query("SELECT id FROM accounts WHERE username = 'dreyes'"))[0].id as number;
    const updates = await stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { accountId: danaId, action: AuditAction.AccountUpdated }, order: { id: 'ASC' } });
    expect(updates.map((event) => event.details)).toEqual([
      { personalEmail: { from: 'dana.home@example.net', to: 'dana.new@example.net' } },
    ]);

    // A file without the column leaves the addresses alone; an empty cell under it clears one.
    await importCsv('username,email,display_name\ndreyes,dana@example.com,Dana Reyes\n');
    expect(await onRecord()).toEqual({ bsmith: null, dreyes: 'dana.new@example.net' });
    await importCsv(`${header}\ndreyes,dana@example.com,Dana Reyes,\n`);
    expect(await onRecord()).toEqual({ bsmith: null, dreyes: null });
  });
});
