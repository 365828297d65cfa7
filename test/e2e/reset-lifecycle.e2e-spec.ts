import { AccountEntity } from '@resetdesk/accounts';
import { AuditEventEntity } from '@resetdesk/audit';
import { signedWebhookHeaders } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { ResetTokenEntity } from '@resetdesk/resets';
import { TicketEntity } from '@resetdesk/tickets';
import { VerificationChallengeEntity } from '@resetdesk/verification';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signedIn, signIn, TestStaff } from '../support/staff';
import { codeFromMail, openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { createDana, useDesk } from '../support/desk';
import { as, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const ORIGINAL = 'Original-pass-2026!';
const NEW_PASSWORD = 'Harbor-lantern-57-quiet';
const FORGOT_SUBJECT = 'Your password reset code';
const WRONG_CODE = {
  code: 'CODE_WRONG_OR_EXPIRED',
  message: 'The code is wrong, expired or already used; check the newest email, or ask for a new code',
};

type Api = ReturnType<typeof as>;

/**
 * How a reset ends, and who may take part in it: a finished ticket or a
 * disabled account stops every link and code still out; an approval covers
 * one verification by other people; every new password on a privileged
 * account alerts the supervisors; the holder's inbox never carries text an
 * anonymous visitor typed.
 */
describe('reset lifecycle', () => {
  const desk = useDesk();
  let mailbox: TestMailbox;
  let stack: TestStack;
  let admin: Api;
  let agent: TestStaff & { token: string };
  let api: Api;
  let accountId: number;

  beforeEach(async () => {
    ({ mailbox, stack, admin } = desk);
    agent = await signedIn(stack, 'agent');
    api = as(stack, agent.token);
    accountId = await createDana(admin, { password: ORIGINAL, chatId: 'U1042' });
  });

  const account = () => stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: accountId });
  const ticketRow = (id: number) => stack.dataSource.getRepository(TicketEntity).findOneByOrFail({ id });
  const events = (action: string) => stack.dataSource.getRepository(AuditEventEntity).find({ where: { action }, order: { id: 'ASC' } });
  const later = (ms: number) => jest.spyOn(stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + ms));
  const redeem = (token: string, newPassword = NEW_PASSWORD) => stack.http.post('/api/self-service/reset').send({ token, newPassword });
  const forgot = (email: string) => stack.http.post('/api/self-service/forgot-password').send({ email }).expect(202);
  const forgotVerify = (body: Record<string, unknown>) => stack.http.post('/api/self-service/forgot-password/verify').send(body);
  const forgotCode = async () => {
    await waitFor(() => mailbox.messages.some((message) => message.subject === FORGOT_SUBJECT), { what: 'a reset code email' });
    return /Your password reset code: (\d{6})/.exec(mailbox.messages.find((message) => message.subject === FORGOT_SUBJECT)!.text)![1]!;
  };
  const linkOnNewTicket = async () => {
    const ticketId = await openTicket(api, accountId);
    await verifyCaller(api, mailbox, ticketId);
    await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    return { ticketId, ...(await resetLinkFromMail(mailbox, ticketId)) };
  };

  describe('finishing a ticket stops its reset', () => {
    it('closing the ticket revokes its emailed link in the same transaction (audited); the holder gets 410 and the ticket stays closed', async () => {
      const { ticketId, token } = await linkOnNewTicket();
      await api.put(`/api/tickets/${ticketId}`).send({ status: 'closed' }).expect(200);

      const ticket = (await api.get(`/api/tickets/${ticketId}`).expect(200)).body;
      expect(ticket).toMatchObject({ status: 'closed', verifiedUntil: null, links: [expect.objectContaining({ status: 'revoked' })] });
      const [revoked] = await events('reset.credentials_revoked');
      expect(revoked).toMatchObject({
        ticketId,
        accountId,
        actorId: String(agent.id),
        details: { reason: 'ticket-closed', revokedLinks: 1, revokedCodes: 0 },
      });

      const refused = await redeem(token).expect(410);
      expect(refused.body).toMatchObject({
        code: 'RESET_LINK_INVALID',
        message: `This reset link belongs to support ticket #${ticketId}, which is closed; contact support if you still need help`,
      });
      await stack.http.post('/api/self-service/reset/inspect').send({ token }).expect(410);
      expect((await account()).passwordVersion).toBe(1);
      expect((await ticketRow(ticketId)).status).toBe('closed');
    });

    it('cancelling the ticket revokes the code out; the caller reading it is then a 409 and the ticket stays cancelled', async () => {
      const ticketId = await openTicket(api, accountId);
      await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
      const { code } = await codeFromMail(mailbox, ticketId);
      await api.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled' }).expect(200);

      const answer = await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(409);
      expect(answer.body).toMatchObject({
        code: 'TICKET_FINISHED',
        message: `Ticket #${ticketId} is cancelled; reopen it to verify the caller`,
      });
      expect(await ticketRow(ticketId)).toMatchObject({ status: 'cancelled', verifiedUntil: null });
      expect((await api.get(`/api/tickets/${ticketId}`).expect(200)).body.codes).toEqual([
        expect.objectContaining({ status: 'superseded', verifiedAt: null }),
      ]);
      expect((await events('reset.credentials_revoked')).map((event) => event.details)).toEqual([
        { reason: 'ticket-cancelled', revokedLinks: 0, revokedCodes: 1 },
      ]);
      await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(409);
      expect((await account()).passwordVersion).toBe(1);
    });

    it('refuses a link of a closed or cancelled ticket at redeem time even when its revocation was missed', async () => {
      for (const status of ['closed', 'cancelled'] as const) {
        const { ticketId, token } = await linkOnNewTicket();
        // As if the close had not revoked anything: only the ticket's status says it is over.
        await stack.dataSource.query('UPDATE tickets SET status = ? WHERE id = ?', [status, ticketId]);
        expect((await stack.dataSource.getRepository(ResetTokenEntity).findOneByOrFail({ ticketId })).revokedAt).toBeNull();
        expect((await redeem(token).expect(410)).body.message).toContain(`ticket #${ticketId}, which is ${status}`);
      }
      expect((await account()).passwordVersion).toBe(1);
      expect((await events('reset.link_refused')).map((event) => event.details)).toEqual([
        { reason: 'ticket-finished', ticketStatus: 'closed' },
        { reason: 'ticket-finished', ticketStatus: 'cancelled' },
      ]);
    });

    it('a close racing the holder on the link: one of them wins, never a new password on a closed ticket', async () => {
      const { ticketId, token } = await linkOnNewTicket();
      const [used, closed] = await Promise.all([redeem(token), api.put(`/api/tickets/${ticketId}`).send({ status: 'closed' })]);
      expect(closed.status).toBe(200);
      const holder = await account();
      if (used.status === 204) {
        expect(holder.passwordVersion).toBe(2);
      } else {
        expect(used.status).toBe(410);
        expect(holder.passwordVersion).toBe(1);
        expect((await stack.dataSource.getRepository(ResetTokenEntity).findOneByOrFail({ ticketId })).usedAt).toBeNull();
      }
      expect((await ticketRow(ticketId)).status).toBe('closed');
    });

    it('a cancel racing the right code: the ticket ends cancelled and unverified either way', async () => {
      const ticketId = await openTicket(api, accountId);
      await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
      const { code } = await codeFromMail(mailbox, ticketId);
      const [verified, cancelled] = await Promise.all([
        api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }),
        api.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled' }),
      ]);
      expect(cancelled.status).toBe(200);
      expect([200, 409]).toContain(verified.status);
      expect(await ticketRow(ticketId)).toMatchObject({ status: 'cancelled', verifiedUntil: null });
      await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(409);
    });
  });

  describe('separation of duties on privileged accounts', () => {
    let supervisor: TestStaff;
    let otherSupervisor: TestStaff;
    let sup: Api;
    let other: Api;

    beforeEach(async () => {
      await admin.put(`/api/accounts/${accountId}`).send({ privileged: true }).expect(200);
      supervisor = await createStaff(stack, 'supervisor');
      otherSupervisor = await createStaff(stack, 'supervisor');
      sup = as(stack, await signIn(stack, supervisor));
      other = as(stack, await signIn(stack, otherSupervisor));
    });

    it('approves only a verified ticket (409 before), so an approval always covers a verification that happened', async () => {
      const ticketId = await openTicket(api, accountId);
      const early = await sup.post(`/api/tickets/${ticketId}/approve-reset`).expect(409);
      expect(early.body).toMatchObject({
        code: 'RESET_APPROVAL_NOT_VERIFIED',
        message: expect.stringMatching(new RegExp(`^Ticket #${ticketId} is open: approve the reset once the caller is verified`)),
      });
      await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
      expect((await sup.post(`/api/tickets/${ticketId}/approve-reset`).expect(409)).body.message).toMatch(
        /is verifying: approve the reset once/,
      );
      expect(await events('reset.approved')).toEqual([]);
      expect((await ticketRow(ticketId)).resetApprovedByStaffId).toBeNull();
    });

    it('the walk-around fails: an approver who then sends and enters a new code himself cannot get the reset done by anyone', async () => {
      const ticketId = await openTicket(api, accountId);
      await verifyCaller(api, mailbox, ticketId);
      await sup.post(`/api/tickets/${ticketId}/approve-reset`).expect(200);
      // He takes the ticket and verifies "the caller" himself.
      await sup.put(`/api/tickets/${ticketId}`).send({ assigneeId: supervisor.id }).expect(200);
      later(61_000);
      await verifyCaller(sup, mailbox, ticketId, 1);

      for (const [who, client, code, message] of [
        ['the approver', sup, 'RESET_APPROVAL_SAME_PERSON', /You approved this reset yourself/],
        [
          'the first agent',
          api,
          'RESET_APPROVAL_REQUIRED',
          new RegExp(`The caller on ticket #${ticketId} was verified again after the approval`),
        ],
      ] as const) {
        const refused = await client.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' });
        expect({ who, status: refused.status, code: refused.body.code }).toEqual({ who, status: 403, code });
        expect(refused.body.message).toMatch(message);
      }
      // Nor can he approve his own verification again.
      expect((await sup.post(`/api/tickets/${ticketId}/approve-reset`).expect(403)).body).toMatchObject({
        code: 'RESET_APPROVAL_SAME_PERSON',
        message: expect.stringMatching(/verified its caller/),
      });
      expect((await account()).passwordVersion).toBe(1);

      // Another supervisor looks at this verification and approves it; the agent carries it out.
      await other.post(`/api/tickets/${ticketId}/approve-reset`).expect(200);
      await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
      expect((await account()).passwordVersion).toBe(2);
    });

    it('the supervisor who entered the code may not approve; one who sent it neither', async () => {
      const ticketId = await openTicket(api, accountId);
      await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
      const { code } = await codeFromMail(mailbox, ticketId);
      await sup.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(200);
      expect((await sup.post(`/api/tickets/${ticketId}/approve-reset`).expect(403)).body.code).toBe('RESET_APPROVAL_SAME_PERSON');
      expect((await stack.dataSource.getRepository(VerificationChallengeEntity).findOneByOrFail({ ticketId })).verifiedByStaffId).toBe(
        supervisor.id,
      );

      const second = await openTicket(api, accountId);
      await sup.post(`/api/tickets/${second}/otp`).send({ channel: 'email' }).expect(202);
      await api
        .post(`/api/tickets/${second}/otp/verify`)
        .send({ code: (await codeFromMail(mailbox, second)).code })
        .expect(200);
      expect((await sup.post(`/api/tickets/${second}/approve-reset`).expect(403)).body.code).toBe('RESET_APPROVAL_SAME_PERSON');
    });

    it('re-checks at reset time: an approval by a verifier, or by someone disabled since, does not count', async () => {
      const ticketId = await openTicket(api, accountId);
      await verifyCaller(api, mailbox, ticketId);
      // An approval recorded by the one who verified (however it got there) is refused when the reset happens.
      await stack.dataSource.query('UPDATE tickets SET reset_approved_by_staff_id = ?, reset_approved_at = ? WHERE id = ?', [
        agent.id,
        new Date(),
        ticketId,
      ]);
      const resetter = as(stack, (await signedIn(stack, 'agent')).token);
      const refused = await resetter.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403);
      expect(refused.body).toMatchObject({
        code: 'RESET_APPROVAL_SAME_PERSON',
        message: `The supervisor who approved ticket #${ticketId} also sent or entered the caller's code; another supervisor must approve`,
      });

      await other.post(`/api/tickets/${ticketId}/approve-reset`).expect(200);
      await stack.dataSource.query('UPDATE staff SET disabled = 1 WHERE id = ?', [otherSupervisor.id]);
      expect((await resetter.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403)).body.message).toMatch(
        /someone who may no longer approve/,
      );
      expect(await stack.dataSource.query('SELECT id FROM reset_tokens')).toEqual([]);
    });
  });

  describe('privileged accounts: every path that sets the password alerts every active supervisor and admin', () => {
    let supervisor: TestStaff;
    let approver: Api;
    let expected: string[];

    beforeEach(async () => {
      await admin.put(`/api/accounts/${accountId}`).send({ privileged: true }).expect(200);
      supervisor = await createStaff(stack, 'supervisor');
      approver = as(stack, await signIn(stack, supervisor));
      const retired = await createStaff(stack, 'supervisor');
      await stack.dataSource.query('UPDATE staff SET disabled = 1 WHERE id = ?', [retired.id]);
      expected = (await stack.dataSource.query("SELECT email FROM staff WHERE role IN ('supervisor', 'admin') AND disabled = 0"))
        .map((row: { email: string }) => row.email)
        .sort();
      expect(expected).toHaveLength(2); // the suite's admin and the supervisor; not the disabled one, nor the agent
    });

    const alertsFor = async (subject: string) => {
      const found = await waitFor(
        () => {
          const alerts = mailbox.messages.filter((message) => message.subject === subject);
          return alerts.length >= expected.length ? alerts : undefined;
        },
        { what: `${expected.length} alerts "${subject}"` },
      );
      expect(found.flatMap((alert) => alert.to).sort()).toEqual(expected);
      const rows = await stack.dataSource.query("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'privileged-reset-alert'");
      expect(Number(rows[0].n)).toBe(expected.length); // one per recipient, once
      return found[0]!.text;
    };
    const approvedTicket = async () => {
      const ticketId = await openTicket(api, accountId);
      await verifyCaller(api, mailbox, ticketId);
      await approver.post(`/api/tickets/${ticketId}/approve-reset`).expect(200);
      return ticketId;
    };

    it('temporary password (assisted)', async () => {
      const ticketId = await approvedTicket();
      await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
      const text = await alertsFor(`Privileged account reset: dreyes (ticket #${ticketId})`);
      expect(text).toMatch(
        new RegExp(
          `Test agent set a temporary password on the privileged account dreyes on ticket #${ticketId} on .+ UTC, approved by Test supervisor\\.`,
        ),
      );
      expect(text).toContain(`http://resetdesk.test/admin/tickets/${ticketId}/show`);
    });

    it('reset link (when the holder uses it, not before)', async () => {
      const ticketId = await approvedTicket();
      await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
      const { token } = await resetLinkFromMail(mailbox, ticketId);
      expect(mailbox.messages.filter((message) => message.subject.startsWith('Privileged account reset'))).toEqual([]);
      await redeem(token).expect(204);
      const text = await alertsFor(`Privileged account reset: dreyes (ticket #${ticketId})`);
      expect(text).toContain(`with a reset link that Test agent sent on ticket #${ticketId}, approved by Test supervisor.`);
    });

    it('forgot-password', async () => {
      await forgot('dana@example.com');
      await forgotVerify({ email: 'dana@example.com', code: await forgotCode(), newPassword: NEW_PASSWORD }).expect(204);
      expect(await alertsFor('Privileged account reset: dreyes')).toContain('through forgot-password (an emailed code, no staff involved)');
    });

    it('change-password', async () => {
      await stack.http
        .post('/api/self-service/change-password')
        .send({ username: 'dreyes', currentPassword: ORIGINAL, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
        .expect(204);
      const text = await alertsFor('Privileged account reset: dreyes');
      expect(text).toContain("was changed with the current password on the portal's change-password page, on ");
      expect(text).toContain(`http://resetdesk.test/admin/accounts/${accountId}/show`);
    });

    it('chat command', async () => {
      const body = JSON.stringify({ chatId: 'U1042', text: `#resetpassword#${NEW_PASSWORD}` });
      const secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
      await stack.http.post('/api/integrations/chat').set(signedWebhookHeaders(secret, body)).send(body).expect(200);
      expect((await account()).passwordVersion).toBe(2);
      expect(await alertsFor('Privileged account reset: dreyes')).toContain('with the chat command from its linked chat id');
    });

    it('an admin setting it in the directory', async () => {
      await admin.put(`/api/accounts/${accountId}`).send({ password: NEW_PASSWORD }).expect(200);
      expect(await alertsFor('Privileged account reset: dreyes')).toMatch(
        /^Test admin set the password of the privileged account dreyes in the account directory on /,
      );
    });

    it('a refused change (a wrong current password, a rejected password) alerts nobody; an ordinary account alerts nobody', async () => {
      await stack.http
        .post('/api/self-service/change-password')
        .send({ username: 'dreyes', currentPassword: 'Wrong-pass-2026!', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
        .expect(401);
      await stack.http
        .post('/api/self-service/change-password')
        .send({ username: 'dreyes', currentPassword: ORIGINAL, newPassword: ORIGINAL, confirmPassword: ORIGINAL })
        .expect(422);
      await admin.put(`/api/accounts/${accountId}`).send({ privileged: false }).expect(200);
      await stack.http
        .post('/api/self-service/change-password')
        .send({ username: 'dreyes', currentPassword: ORIGINAL, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
        .expect(204);
      await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
      expect(await stack.dataSource.query("SELECT id FROM notifications WHERE kind = 'privileged-reset-alert'")).toEqual([]);
    });
  });

  describe('a disabled account', () => {
    it('cannot finish forgot-password with a code sent before it was disabled: the same 422 as a wrong code', async () => {
      await forgot('dana@example.com');
      const code = await forgotCode();
      // Disabled behind the service's back, so the code is still pending: the verify itself must refuse.
      await stack.dataSource.query("UPDATE accounts SET status = 'disabled' WHERE id = ?", [accountId]);
      const wrong = await forgotVerify({
        email: 'dana@example.com',
        code: code === '000000' ? '111111' : '000000',
        newPassword: NEW_PASSWORD,
      }).expect(422);
      const right = await forgotVerify({ email: 'dana@example.com', code, newPassword: NEW_PASSWORD }).expect(422);
      expect(right.body).toEqual(wrong.body);
      expect(right.body).toMatchObject(WRONG_CODE);
      // Refused like an unknown address: recorded apart from tries on a real code, and the code is not counted.
      expect(await events('self_service.code_refused')).toHaveLength(2);
      expect(await events('self_service.code_failed')).toEqual([]);
      const holder = await account();
      expect(holder.passwordVersion).toBe(1);
      expect(await stack.api.get(PasswordHasher).verify(holder.passwordHash!, ORIGINAL)).toBe(true);
    });

    it('disabling an account revokes its open link, ticket codes and forgot-password codes (audited); enabling it again brings none back', async () => {
      const { token } = await linkOnNewTicket();
      const second = await openTicket(api, accountId);
      await api.post(`/api/tickets/${second}/otp`).send({ channel: 'email' }).expect(202);
      const { code: ticketCode } = await codeFromMail(mailbox, second);
      await forgot('dana@example.com');
      const forgotten = await forgotCode();

      await admin.put(`/api/accounts/${accountId}`).send({ status: 'disabled' }).expect(200);
      expect(await stack.dataSource.query('SELECT revoked_at IS NOT NULL AS revoked FROM reset_tokens')).toEqual([{ revoked: 1 }]);
      expect(
        (await stack.dataSource.query('SELECT status FROM verification_challenges WHERE ticket_id = ?', [second])).map(
          (row: { status: string }) => row.status,
        ),
      ).toEqual(['superseded']);
      expect((await stack.dataSource.query('SELECT status FROM self_service_codes')).map((row: { status: string }) => row.status)).toEqual([
        'superseded',
      ]);
      expect((await events('reset.credentials_revoked')).map((event) => [event.targetType, event.details])).toEqual([
        ['account', { reason: 'account-disabled', revokedLinks: 1, revokedCodes: 2 }],
      ]);

      await admin.put(`/api/accounts/${accountId}`).send({ status: 'active' }).expect(200);
      await redeem(token).expect(410);
      await forgotVerify({ email: 'dana@example.com', code: forgotten, newPassword: NEW_PASSWORD }).expect(422);
      expect((await api.post(`/api/tickets/${second}/otp/verify`).send({ code: ticketCode }).expect(410)).body.code).toBe('CODE_EXPIRED');
      expect((await account()).passwordVersion).toBe(1);
    });
  });

  describe("the holder's inbox carries no free text", () => {
    it('contact support: the anonymous subject and description stay on the ticket; the email has the ticket number and fixed wording', async () => {
      const subject = 'Security alert: your password expired - sign in at http://evil.example/login';
      await stack.http
        .post('/api/self-service/tickets')
        .send({ email: 'dana@example.com', subject, description: 'Go to http://evil.example/login now' })
        .expect(202);
      const mail = await mailbox.waitForMessage((message) => message.subject.startsWith('Support ticket #'));
      const ticket = await stack.dataSource.getRepository(TicketEntity).findOneByOrFail({ accountId });
      expect(ticket.subject).toBe(subject); // the desk still sees what was typed
      expect(mail.to).toEqual(['dana@example.com']);
      expect(mail.subject).toBe(`Support ticket #${ticket.id} opened for your account`);
      expect(mail.text).toContain(
        `Support ticket #${ticket.id} was opened through the Contact support form of our portal about your account.`,
      );
      expect(mail.text).toContain('    http://resetdesk.test/contact');
      for (const part of [mail.subject, mail.text, mail.html]) {
        expect(part).not.toContain('evil.example');
        expect(part).not.toContain('Security alert');
      }
      expect(mail.text + mail.html).not.toMatch(/reply(ing)? to this (e-?mail|message)/i);
      expect(JSON.stringify(await stack.dataSource.query("SELECT subject FROM notifications WHERE kind = 'ticket-opened'"))).not.toContain(
        'evil.example',
      );
    });
  });
});
