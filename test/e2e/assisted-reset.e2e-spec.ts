import { AccountEntity } from '@resetdesk/accounts';
import { AuditEventEntity } from '@resetdesk/audit';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { evaluatePassword, PoliciesService } from '@resetdesk/policies';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signedIn, signIn, TestStaff } from '../support/staff';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { createDana, useDesk } from '../support/desk';
import { as, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const NEW_PASSWORD = 'Harbor-lantern-57-quiet';

describe('assisted reset: link or temporary password after verification', () => {
  const desk = useDesk();
  let mailbox: TestMailbox;
  let stack: TestStack;
  let agent: TestStaff & { token: string };
  let api: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let accountId: number;

  beforeEach(async () => {
    ({ mailbox, stack, admin } = desk);
    agent = await signedIn(stack, 'agent');
    api = as(stack, agent.token);
    accountId = await createDana(admin, { password: 'Original-pass-2026!' });
  });

  const account = () => stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: accountId });
  const ticketOf = async (id: number) => (await api.get(`/api/tickets/${id}`).expect(200)).body;
  const actions = async (ticketId: number) =>
    (await stack.dataSource.getRepository(AuditEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } })).map(
      (event) => event.action,
    );
  const later = (ms: number) => jest.spyOn(stack.api.get(Clock), 'now').mockReturnValue(new Date(Date.now() + ms));
  const verifiedTicket = async () => {
    const ticketId = await openTicket(api, accountId);
    await verifyCaller(api, mailbox, ticketId);
    return ticketId;
  };

  it('full flow: verified caller → emailed link → portal sets the password → confirmation, ticket resolved, link spent', async () => {
    const ticketId = await verifiedTicket();
    const issued = await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    expect(issued.body).toEqual({ method: 'link', expiresAt: expect.any(String), sentTo: 'd•••@example.com' });
    expect(new Date(issued.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(await ticketOf(ticketId)).toMatchObject({
      status: 'reset_sent',
      verifiedUntil: null,
      links: [expect.objectContaining({ status: 'pending', usedAt: null })],
    });

    const { link, token } = await resetLinkFromMail(mailbox, ticketId);
    expect(link).toBe(`http://resetdesk.test/reset?token=${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = await stack.dataSource.query('SELECT token_hash FROM reset_tokens');
    expect(stored.token_hash).not.toContain(token);

    const info = await stack.http.post('/api/self-service/reset/inspect').send({ token }).expect(200);
    expect(info.body).toEqual({
      username: 'dreyes',
      displayName: 'Dana Reyes',
      policyId: expect.any(Number),
      expiresAt: issued.body.expiresAt,
      checkToken: expect.stringMatching(/^\d+\.\d+\.\d+\.l\d+\.[A-Za-z0-9_-]{43}$/),
    });

    // A weak password is refused by name and leaves the link usable.
    const weak = await stack.http.post('/api/self-service/reset').send({ token, newPassword: 'dreyes2026' }).expect(422);
    expect(weak.body).toMatchObject({ code: 'PASSWORD_REJECTED', failedRules: expect.arrayContaining(['PERSONAL_INFO']) });
    const reused = await stack.http.post('/api/self-service/reset').send({ token, newPassword: 'Original-pass-2026!' }).expect(422);
    expect(reused.body).toMatchObject({ failedRules: ['HISTORY'] });

    await stack.http.post('/api/self-service/reset').send({ token, newPassword: NEW_PASSWORD }).expect(204);
    const holder = await account();
    expect(await stack.api.get(PasswordHasher).verify(holder.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect(holder.mustChangePassword).toBe(false);

    const confirmation = await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
    expect(confirmation.to).toContain('dana@example.com');
    expect(confirmation.text).toContain(`(support ticket #${ticketId})`);
    const ticket = await ticketOf(ticketId);
    expect(ticket).toMatchObject({
      status: 'resolved',
      resolvedAt: expect.any(String),
      links: [expect.objectContaining({ status: 'used', usedAt: expect.any(String) })],
    });

    const again = await stack.http.post('/api/self-service/reset').send({ token, newPassword: 'Another-harbor-58-loud' }).expect(410);
    expect(again.body).toMatchObject({ code: 'RESET_LINK_INVALID', message: expect.stringMatching(/already used/) });
    await stack.http.post('/api/self-service/reset/inspect').send({ token }).expect(410);
    expect(await actions(ticketId)).toEqual([
      'ticket.opened',
      'verification.code_sent',
      'verification.verified',
      'reset.link_issued',
      'account.password_set',
      // The holder's reset resolved the ticket, and the ticket's own trail says so.
      'ticket.status_changed',
      'reset.link_used',
      'reset.link_refused',
    ]);
  });

  it('refuses a reset before the caller is verified, and after the 15 verified minutes', async () => {
    const ticketId = await openTicket(api, accountId);
    const early = await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403);
    expect(early.body).toMatchObject({ code: 'RESET_CALLER_NOT_VERIFIED', message: expect.stringMatching(/Verify the caller/) });
    await verifyCaller(api, mailbox, ticketId);
    later(16 * 60_000);
    const late = await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(403);
    expect(late.body.message).toMatch(/has run out; send a new code/);
    expect(await stack.dataSource.query('SELECT id FROM reset_tokens')).toEqual([]);
    expect((await account()).passwordVersion).toBe(1);
  });

  it('temporary password: policy-compliant, returned once and not cached, must be changed, works 24 h; the holder is told without it', async () => {
    const ticketId = await verifiedTicket();
    const before = await account();
    const answer = await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
    expect(answer.headers['cache-control']).toBe('no-store');
    const { temporaryPassword, expiresAt } = answer.body;
    expect(answer.body).toEqual({ method: 'temporary', temporaryPassword: expect.any(String), expiresAt: expect.any(String) });
    const policy = await stack.api.get(PoliciesService).resolve(before.policyId);
    expect(evaluatePassword(policy, temporaryPassword, before).filter((rule) => !rule.passed)).toEqual([]);

    const holder = await account();
    expect(holder).toMatchObject({ mustChangePassword: true, passwordVersion: before.passwordVersion + 1 });
    expect(await stack.api.get(PasswordHasher).verify(holder.passwordHash!, temporaryPassword)).toBe(true);
    expect(Math.abs(holder.passwordExpiresAt!.getTime() - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    expect(expiresAt).toBe(holder.passwordExpiresAt!.toISOString());

    const notice = await mailbox.waitForMessage((message) => message.subject.startsWith('A temporary password was set'));
    expect(notice.text).toContain(`Test from our support staff set a temporary password on your account for ticket #${ticketId}`);
    expect(notice.text).toContain('http://resetdesk.test/change-password');
    expect(notice.text + notice.html).not.toContain(temporaryPassword);
    expect((await ticketOf(ticketId)).status).toBe('reset_sent');
    // Shown once: nothing readable keeps it.
    expect(JSON.stringify(await ticketOf(ticketId))).not.toContain(temporaryPassword);
    expect(JSON.stringify(await stack.dataSource.getRepository(AuditEventEntity).find())).not.toContain(temporaryPassword);
    expect(JSON.stringify(await stack.dataSource.query('SELECT * FROM notifications'))).not.toContain(temporaryPassword);
    // A second reset needs a new verification.
    await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(403);
  });

  it('temporary password, then the forced change on the portal: the holder picks a password, the ticket resolves', async () => {
    const ticketId = await verifiedTicket();
    const { temporaryPassword } = (await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202)).body;
    const change = (body: Record<string, unknown>) => stack.http.post('/api/self-service/change-password').send(body);

    const wrong = await change({
      username: 'dreyes',
      currentPassword: 'Not-the-temporary-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }).expect(401);
    const unknown = await change({
      username: 'nobody',
      currentPassword: temporaryPassword,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }).expect(401);
    expect(unknown.body).toEqual(wrong.body); // no hint whether the username exists
    expect(wrong.body).toMatchObject({ message: 'The username or current password is wrong' });
    const differ = await change({
      username: 'dreyes',
      currentPassword: temporaryPassword,
      newPassword: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}x`,
    }).expect(422);
    expect(differ.body.message).toBe('newPassword and confirmPassword are not the same');
    // Keeping the temporary password is not a change.
    expect(
      (
        await change({
          username: 'dreyes',
          currentPassword: temporaryPassword,
          newPassword: temporaryPassword,
          confirmPassword: temporaryPassword,
        }).expect(422)
      ).body.failedRules,
    ).toEqual(['HISTORY']);
    expect((await account()).mustChangePassword).toBe(true);

    await change({
      username: 'DReyes',
      currentPassword: temporaryPassword,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }).expect(204);
    const holder = await account();
    expect(holder).toMatchObject({ mustChangePassword: false });
    expect(holder.passwordExpiresAt!.getTime() - Date.now()).toBeGreaterThan(100 * 86_400_000); // the policy's max age again, not 24 h
    expect(await stack.api.get(PasswordHasher).verify(holder.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect((await ticketOf(ticketId)).status).toBe('resolved');
    const confirmation = await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
    expect(confirmation.text).toContain(`(support ticket #${ticketId})`);
    expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'self_service.password_change_refused' })).toBe(1); // the wrong try on a real account
  });

  it('refuses a temporary password after its 24 hours, with a way forward', async () => {
    const ticketId = await verifiedTicket();
    const { temporaryPassword } = (await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202)).body;
    later(25 * 3_600_000);
    const refused = await stack.http
      .post('/api/self-service/change-password')
      .send({ username: 'dreyes', currentPassword: temporaryPassword, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })
      .expect(401);
    expect(refused.body).toMatchObject({ code: 'TEMPORARY_PASSWORD_EXPIRED', message: expect.stringMatching(/ask support for a new one/) });
    expect((await account()).mustChangePassword).toBe(true);
  });

  it('gives exactly one success to two concurrent uses of one link', async () => {
    const ticketId = await verifiedTicket();
    await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    const { token } = await resetLinkFromMail(mailbox, ticketId);
    const answers = await Promise.all([
      stack.http.post('/api/self-service/reset').send({ token, newPassword: NEW_PASSWORD }),
      stack.http.post('/api/self-service/reset').send({ token, newPassword: 'Another-harbor-58-loud' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([204, 410]);
    expect((await account()).passwordVersion).toBe(2);
    expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'reset.link_used' })).toBe(1);
  });

  it('a newer link (after verifying again) replaces the older one; an expired link is refused and audited', async () => {
    const ticketId = await verifiedTicket();
    await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    const first = await resetLinkFromMail(mailbox, ticketId);
    // The holder lost the email: verify again, send another link.
    later(61_000);
    await verifyCaller(api, mailbox, ticketId, 1);
    await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    const second = await resetLinkFromMail(mailbox, ticketId, 2);
    expect(second.token).not.toBe(first.token);
    const replaced = await stack.http.post('/api/self-service/reset').send({ token: first.token, newPassword: NEW_PASSWORD }).expect(410);
    expect(replaced.body.message).toMatch(/replaced by a newer one/);
    expect((await ticketOf(ticketId)).links.map((link: { status: string }) => link.status)).toEqual(['revoked', 'pending']);

    later(61_000 + 31 * 60_000);
    const expired = await stack.http.post('/api/self-service/reset').send({ token: second.token, newPassword: NEW_PASSWORD }).expect(410);
    expect(expired.body.message).toMatch(/expired/);
    const refusals = await stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { action: 'reset.link_refused' }, order: { id: 'ASC' } });
    expect(refusals.map((event) => event.details)).toEqual([{ reason: 'replaced' }, { reason: 'expired' }]);
    expect((await account()).passwordVersion).toBe(1);
  });

  it('builds the emailed link from APP_URL whatever Host, X-Forwarded-Host or Forwarded say', async () => {
    const ticketId = await verifiedTicket();
    await api
      .post(`/api/tickets/${ticketId}/reset`)
      .set('Host', 'evil.test')
      .set('X-Forwarded-Host', 'evil.test')
      .set('X-Forwarded-Proto', 'https')
      .set('Forwarded', 'host=evil.test;proto=https')
      .send({ method: 'link' })
      .expect(202);
    const { mail, link } = await resetLinkFromMail(mailbox, ticketId);
    expect(link.startsWith('http://resetdesk.test/reset?token=')).toBe(true);
    expect(mail.text + mail.html).not.toContain('evil.test');
  });

  it('unlocks a verified caller without a reset: the password still works, the ticket stays verified, and it is audited', async () => {
    await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { status: 'locked' });
    const ticketId = await openTicket(api, accountId);
    expect((await api.post(`/api/tickets/${ticketId}/unlock`).expect(403)).body).toMatchObject({
      code: 'RESET_CALLER_NOT_VERIFIED',
      message: expect.stringMatching(/before unlocking/),
    });
    expect((await account()).status).toBe('locked');

    await verifyCaller(api, mailbox, ticketId);
    const before = await account();
    expect((await api.post(`/api/tickets/${ticketId}/unlock`).expect(200)).body).toEqual({ store: 'local', wasLocked: true });
    const after = await account();
    expect(after).toMatchObject({ status: 'active', passwordHash: before.passwordHash, passwordVersion: before.passwordVersion });
    expect(await ticketOf(ticketId)).toMatchObject({ status: 'verified' });
    const [event] = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { ticketId, action: 'account.unlocked' } });
    expect(event).toMatchObject({ actorType: 'staff', accountId, details: { store: 'local', wasLocked: true } });

    // Again: nothing to clear, and the audit says so.
    expect((await api.post(`/api/tickets/${ticketId}/unlock`).expect(200)).body).toEqual({ store: 'local', wasLocked: false });
  });

  describe('privileged accounts', () => {
    let supervisor: TestStaff;
    let otherSupervisor: TestStaff;

    beforeEach(async () => {
      await admin.put(`/api/accounts/${accountId}`).send({ privileged: true }).expect(200);
      supervisor = await createStaff(stack, 'supervisor');
      otherSupervisor = await createStaff(stack, 'supervisor');
    });

    it('unlocking a privileged account needs the same approval, and every supervisor hears of it', async () => {
      const ticketId = await verifiedTicket();
      expect((await api.post(`/api/tickets/${ticketId}/unlock`).expect(403)).body).toMatchObject({ code: 'RESET_APPROVAL_REQUIRED' });
      await as(stack, await signIn(stack, supervisor))
        .post(`/api/tickets/${ticketId}/approve-reset`)
        .expect(200);
      expect((await api.post(`/api/tickets/${ticketId}/unlock`).expect(200)).body).toMatchObject({ store: 'local' });
      const subject = `Privileged account unlocked: dreyes (ticket #${ticketId})`;
      await waitFor(() => mailbox.messages.filter((message) => message.subject === subject).length >= 3, { what: 'the unlock alerts' });
      const alert = mailbox.messages.find((message) => message.subject === subject)!;
      expect(alert.text).toMatch(
        /cleared the lockout of the privileged account dreyes on ticket #\d+ .*, approved by .*; its password did not change\./,
      );
      // The approval still stands for a reset after the unlock.
      expect((await ticketOf(ticketId)).approval).toMatchObject({ approvedByStaffId: supervisor.id });
    });

    it('needs a supervisor other than the agent to approve; the approver cannot reset it; every supervisor is alerted when the link sets the password', async () => {
      const ticketId = await verifiedTicket();
      const refused = await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403);
      expect(refused.body).toMatchObject({
        code: 'RESET_APPROVAL_REQUIRED',
        message: expect.stringMatching(/privileged: a supervisor must approve/),
      });
      await api.post(`/api/tickets/${ticketId}/approve-reset`).expect(403); // agents may not approve at all

      // The supervisor working the ticket may not approve their own reset.
      const own = as(stack, await signIn(stack, supervisor));
      await own.put(`/api/tickets/${ticketId}`).send({ assigneeId: supervisor.id }).expect(200);
      // The detail names who may not approve, so no page offers a button the server refuses.
      expect((await ticketOf(ticketId)).approvalBarredStaffIds).toEqual(expect.arrayContaining([supervisor.id, agent.id]));
      expect((await ticketOf(ticketId)).approvalBarredStaffIds).not.toContain(otherSupervisor.id);
      expect((await own.post(`/api/tickets/${ticketId}/approve-reset`).expect(403)).body).toMatchObject({
        code: 'RESET_APPROVAL_SAME_PERSON',
      });

      const approver = as(stack, await signIn(stack, otherSupervisor));
      const approval = await approver.post(`/api/tickets/${ticketId}/approve-reset`).expect(200);
      expect(approval.body).toEqual({
        approvedByStaffId: otherSupervisor.id,
        approvedAt: expect.any(String),
        validUntil: expect.any(String),
      });
      expect((await ticketOf(ticketId)).approval).toMatchObject({
        approvedByStaffId: otherSupervisor.id,
        approvedByName: 'Test supervisor',
      });
      // Four eyes: the approver does not carry out the reset.
      expect((await approver.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403)).body.code).toBe(
        'RESET_APPROVAL_SAME_PERSON',
      );

      // The assignee (not the approver) carries it out; the alert goes out when the password is set.
      await own.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
      const { token } = await resetLinkFromMail(mailbox, ticketId);
      await stack.http.post('/api/self-service/reset').send({ token, newPassword: NEW_PASSWORD }).expect(204);
      const alerts = await waitFor(
        () => {
          const found = mailbox.messages.filter((message) => message.subject === `Privileged account reset: dreyes (ticket #${ticketId})`);
          return found.length === 3 ? found : undefined;
        },
        { what: 'three supervisor alerts' },
      );
      const admins = await stack.dataSource.query("SELECT email FROM staff WHERE role IN ('supervisor', 'admin')");
      expect(alerts.flatMap((alert) => alert.to).sort()).toEqual(admins.map((row: { email: string }) => row.email).sort());
      expect(alerts[0]!.text).toContain(
        'with a reset link that Test supervisor sent on ticket #' + ticketId + ', approved by Test supervisor.',
      );
      expect((await ticketOf(ticketId)).approval).toBeNull(); // used up
      expect(await actions(ticketId)).toContain('reset.approved');
    });

    it('lets an approval lapse after an hour, and needs none for ordinary accounts', async () => {
      const ticketId = await verifiedTicket();
      await as(stack, await signIn(stack, otherSupervisor))
        .post(`/api/tickets/${ticketId}/approve-reset`)
        .expect(200);
      later(61 * 60_000);
      await verifyCaller(api, mailbox, ticketId, 1);
      expect((await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403)).body.code).toBe(
        'RESET_APPROVAL_REQUIRED',
      );

      await admin.put(`/api/accounts/${accountId}`).send({ privileged: false }).expect(200);
      jest.restoreAllMocks();
      const plain = await verifiedTicket();
      const needless = await as(stack, await signIn(stack, otherSupervisor))
        .post(`/api/tickets/${plain}/approve-reset`)
        .expect(409);
      expect(needless.body.code).toBe('RESET_APPROVAL_NOT_NEEDED');
    });
  });

  describe('asking supervisors for approval', () => {
    let supervisor: TestStaff;
    let otherSupervisor: TestStaff;
    const subjectOf = (ticketId: number) => `Approval requested: reset of dreyes (ticket #${ticketId})`;
    const requestRows = (ticketId: number) =>
      stack.dataSource.query("SELECT recipient FROM notifications WHERE kind = 'approval-requested' AND dedupe_key LIKE ?", [
        `approval-request:${ticketId}:%`,
      ]) as Promise<Array<{ recipient: string }>>;

    beforeEach(async () => {
      await admin.put(`/api/accounts/${accountId}`).send({ privileged: true }).expect(200);
      supervisor = await createStaff(stack, 'supervisor');
      otherSupervisor = await createStaff(stack, 'supervisor');
    });
    afterEach(() => jest.restoreAllMocks());

    it('emails every supervisor and admin who could approve, once however many clicks arrive at once, and lists the ticket as waiting', async () => {
      const ticketId = await verifiedTicket();
      // The supervisor working the ticket could not approve it: not asked.
      await api.put(`/api/tickets/${ticketId}`).send({ assigneeId: supervisor.id }).expect(200);

      const answers = await Promise.all(Array.from({ length: 20 }, () => api.post(`/api/tickets/${ticketId}/approval-request`)));
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      const first = answers.filter((answer) => !answer.body.alreadyRequested);
      expect(first).toHaveLength(1);
      const approvers = (await stack.dataSource.query(
        "SELECT email FROM staff WHERE role IN ('supervisor', 'admin') AND disabled = 0 AND id <> ?",
        [supervisor.id],
      )) as Array<{ email: string }>;
      expect(first[0]!.body).toEqual({
        requestedAt: expect.any(String),
        requestedByName: 'Test agent',
        notified: approvers.length,
        alreadyRequested: false,
        verifiedUntil: (await ticketOf(ticketId)).verifiedUntil,
      });
      expect(answers.filter((answer) => answer.body.alreadyRequested).every((answer) => answer.body.notified === 0)).toBe(true);

      expect((await requestRows(ticketId)).map((row) => row.recipient).sort()).toEqual(approvers.map((row) => row.email).sort());
      expect((await actions(ticketId)).filter((action) => action === 'reset.approval_requested')).toHaveLength(1);
      const mail = await mailbox.waitForMessage(
        (message) => message.subject === subjectOf(ticketId) && message.to.includes(otherSupervisor.email),
      );
      expect(mail.text).toContain(`${'Test agent'} verified the caller on ticket #${ticketId} and asks you to approve the password reset`);
      expect(mail.text).toContain(`http://resetdesk.test/admin/tickets/${ticketId}/show`);
      expect(mailbox.messages.some((message) => message.subject === subjectOf(ticketId) && message.to.includes(supervisor.email))).toBe(
        false,
      );

      expect(await ticketOf(ticketId)).toMatchObject({
        approvalRequestedAt: first[0]!.body.requestedAt,
        approvalRequestedByName: 'Test agent',
      });
      const waiting = (
        await as(stack, await signIn(stack, otherSupervisor))
          .get('/api/tickets')
          .query({ filter: '{"awaitingApproval":true}' })
      ).body;
      expect(waiting.map((ticket: { id: number }) => ticket.id)).toEqual([ticketId]);
    });

    it('is answered by the approval, and left behind by a new code or a finished ticket', async () => {
      const ticketId = await verifiedTicket();
      await api.post(`/api/tickets/${ticketId}/approval-request`).expect(200);
      const approver = as(stack, await signIn(stack, otherSupervisor));
      await approver.post(`/api/tickets/${ticketId}/approve-reset`).expect(200);
      expect(await ticketOf(ticketId)).toMatchObject({ approvalRequestedAt: null, approval: { approvedByStaffId: otherSupervisor.id } });
      // Approved already: nothing to ask.
      expect((await api.post(`/api/tickets/${ticketId}/approval-request`).expect(409)).body).toMatchObject({
        code: 'RESET_ALREADY_APPROVED',
        message: expect.stringMatching(/approved already, by Test supervisor until/),
      });
      // That approval covered that verification: once the caller is verified again, the agent may ask anew.
      later(16 * 60_000);
      await verifyCaller(api, mailbox, ticketId, 1);
      // The old approval no longer stands (and no longer shows).
      expect(await ticketOf(ticketId)).toMatchObject({ approval: null, approvalRequestedAt: null });
      expect((await api.post(`/api/tickets/${ticketId}/approval-request`).expect(200)).body.alreadyRequested).toBe(false);
      jest.restoreAllMocks();

      const again = await verifiedTicket();
      await api.post(`/api/tickets/${again}/approval-request`).expect(200);
      later(2 * 60_000); // past the resend cooldown
      await verifyCaller(api, mailbox, again, 1);
      // The request was for the verification before: a new one asks anew (and is told anew).
      expect((await ticketOf(again)).approvalRequestedAt).toBeNull();
      expect((await api.post(`/api/tickets/${again}/approval-request`).expect(200)).body.alreadyRequested).toBe(false);
      const [{ approvers }] = await stack.dataSource.query(
        "SELECT COUNT(*) AS approvers FROM staff WHERE role IN ('supervisor', 'admin') AND disabled = 0",
      );
      expect(await requestRows(again)).toHaveLength(2 * Number(approvers));

      await api.put(`/api/tickets/${again}`).send({ status: 'cancelled', reason: 'The caller hung up' }).expect(200);
      const cancelled = await stack.dataSource.query('SELECT approval_requested_at FROM tickets WHERE id = ?', [again]);
      expect(cancelled[0].approval_requested_at).toBeNull();
      expect((await api.post(`/api/tickets/${again}/approval-request`).expect(409)).body.code).toBe('TICKET_FINISHED');
      const waiting = (await approver.get('/api/tickets').query({ filter: '{"awaitingApproval":true}' })).body;
      expect(waiting.map((ticket: { id: number }) => ticket.id)).toEqual([ticketId]);
    });

    it('refuses before the caller is verified, for an ordinary account, and when nobody else could approve', async () => {
      const unverified = await openTicket(api, accountId);
      expect((await api.post(`/api/tickets/${unverified}/approval-request`).expect(409)).body).toMatchObject({
        code: 'RESET_APPROVAL_NOT_VERIFIED',
        message: expect.stringMatching(/ask for approval once the caller is verified/),
      });

      await stack.dataSource.query("UPDATE staff SET disabled = 1 WHERE role IN ('supervisor', 'admin') AND id <> ?", [supervisor.id]);
      const ticketId = await verifiedTicket();
      await api.put(`/api/tickets/${ticketId}`).send({ assigneeId: supervisor.id }).expect(200);
      expect((await api.post(`/api/tickets/${ticketId}/approval-request`).expect(409)).body).toMatchObject({
        code: 'RESET_NO_APPROVER',
        message: expect.stringMatching(/ask an admin to add one/),
      });
      expect(await actions(ticketId)).not.toContain('reset.approval_requested');
      await stack.dataSource.query('UPDATE staff SET disabled = 0');

      await admin.put(`/api/accounts/${accountId}`).send({ privileged: false }).expect(200);
      const plain = await verifiedTicket();
      expect((await api.post(`/api/tickets/${plain}/approval-request`).expect(409)).body.code).toBe('RESET_APPROVAL_NOT_NEEDED');
    });
  });

  describe('bad input changes nothing', () => {
    it.each([
      [{}, /method must be link or temporary/],
      [{ method: 'sms' }, /method must be link or temporary/],
      [{ method: 'link', extra: 1 }, /unknown field \\"extra\\"/],
    ])('reset %j → 400', async (body, message) => {
      const ticketId = await verifiedTicket();
      expect(JSON.stringify((await api.post(`/api/tickets/${ticketId}/reset`).send(body).expect(400)).body.message)).toMatch(message);
      expect((await ticketOf(ticketId)).status).toBe('verified');
    });

    it.each([
      [{ newPassword: NEW_PASSWORD }, 400, /token must be/],
      [{ token: 'short', newPassword: NEW_PASSWORD }, 400, /token must be the 43-character code/],
      [{ token: 'A'.repeat(43) }, 400, /newPassword must be text/],
      [{ token: 'A'.repeat(43), newPassword: 12 }, 400, /newPassword must be text/],
      [{ token: 'A'.repeat(43), newPassword: NEW_PASSWORD }, 410, /not valid/],
    ])('self-service reset %j → %i', async (body, status, message) => {
      const answer = await stack.http.post('/api/self-service/reset').send(body).expect(status);
      expect(JSON.stringify(answer.body.message)).toMatch(message);
      expect((await account()).passwordVersion).toBe(1);
    });

    it('answers 404 for a ticket that does not exist and 409 for a finished one', async () => {
      await api.post('/api/tickets/999999/reset').send({ method: 'link' }).expect(404);
      const ticketId = await verifiedTicket();
      await api.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled' }).expect(200);
      expect((await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(409)).body.message).toMatch(
        /cancelled; reopen it first/,
      );
    });
  });
});
