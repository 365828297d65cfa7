import { AuditAction, AuditEventEntity } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import { createDana, useDesk } from '../support/desk';
import { createStaff, signedIn } from '../support/staff';
import { as, TestStack } from '../support/test-stack';
import { codeFromMail, openTicket } from '../support/tickets';
import { waitFor } from '../support/wait-for';

/**
 * Manager approval as a verification factor: the agent asks the account's manager on record, who answers by the
 * Approve or Deny link in their email (30 minutes, once). Approval verifies the caller; denial ends the
 * verification, withdraws the ticket's open codes and alerts every supervisor.
 */
describe('manager approval', () => {
  const desk = useDesk();
  let stack: TestStack;
  let agent: ReturnType<typeof as>;
  let managerId: number;
  let accountId: number;
  let ticketId: number;

  beforeEach(async () => {
    stack = desk.stack;
    agent = as(stack, (await signedIn(stack, 'agent')).token);
    managerId = (
      await desk.admin.post('/api/accounts').send({ username: 'mlopez', email: 'mara@example.com', displayName: 'Mara Lopez' }).expect(201)
    ).body.id;
    accountId = await createDana(desk.admin, { managerId });
    ticketId = await openTicket(agent, accountId);
  });

  const ask = () => agent.post(`/api/tickets/${ticketId}/manager-approval`);
  const inspect = (token: string) => stack.http.post('/api/self-service/manager-approval/inspect').send({ token });
  const decide = (token: string, decision: 'approve' | 'deny') =>
    stack.http.post('/api/self-service/manager-approval/decide').send({ token, decision });
  const ticket = async () => (await agent.get(`/api/tickets/${ticketId}`).expect(200)).body;

  /** The manager's email for this ticket, and the token its links carry. */
  async function managerMail() {
    const mail = await desk.mailbox.waitForMessage((message) => message.subject === `Is it really Dana Reyes? Support ticket #${ticketId}`);
    return { mail, token: new URL(/(http\S+decision=approve)/.exec(mail.text)![1]!).searchParams.get('token')! };
  }

  it('asks the manager on record, who approves once: the caller is verified and the reset may go ahead', async () => {
    const asked = await ask().expect(202);
    expect(asked.body).toEqual({ approvalId: expect.any(Number), managerName: 'Mara Lopez (mlopez)', expiresAt: expect.any(String) });
    expect(new Date(asked.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(await ticket()).toMatchObject({
      status: 'verifying',
      accountManagerName: 'Mara Lopez (mlopez)',
      managerApproval: { status: 'pending', managerName: 'Mara Lopez (mlopez)', decidedAt: null },
    });
    expect((await ask().expect(409)).body.code).toBe('MANAGER_APPROVAL_PENDING');

    const { mail, token } = await managerMail();
    expect(mail.to).toEqual(['mara@example.com']);
    expect(mail.text).toContain(
      `Someone is on the phone with Test of our support team (ticket #${ticketId}) and says they are Dana Reyes (dreyes)`,
    );
    expect(mail.text).toMatch(/Deny \(it is not\): http\S+\/manager-approval\?token=\S+&decision=deny/);
    expect((await inspect(token).expect(200)).body).toEqual({
      managerFirstName: 'Mara',
      holderName: 'Dana Reyes',
      holderUsername: 'dreyes',
      ticketId,
      agentFirstName: 'Test',
      requestedAt: expect.any(String),
      expiresAt: asked.body.expiresAt,
    });

    expect((await decide(token, 'approve').expect(200)).body).toEqual({ status: 'approved' });
    const verified = await ticket();
    expect(verified).toMatchObject({ status: 'verified', managerApproval: { status: 'approved', decidedAt: expect.any(String) } });
    expect(new Date(verified.verifiedUntil).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    // Once: the link is spent, for looking as for answering.
    expect((await decide(token, 'deny').expect(410)).body.code).toBe('MANAGER_APPROVAL_LAPSED');
    await inspect(token).expect(410);

    await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    const trail = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
    const requested = trail.find((event) => event.action === AuditAction.ManagerApprovalRequested)!;
    const approved = trail.find((event) => event.action === AuditAction.ManagerApproved)!;
    expect(requested).toMatchObject({ actorType: 'staff', details: { manager: 'mlopez' } });
    expect(approved).toMatchObject({ actorType: 'account', actorId: String(managerId), details: { manager: 'mlopez' } });
    expect(JSON.stringify(trail)).not.toContain(token);
  });

  it('a denial ends the verification, withdraws the open code and alerts every supervisor', async () => {
    const supervisor = await createStaff(stack, 'supervisor');
    await agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' }).expect(202);
    const { code } = await codeFromMail(desk.mailbox, ticketId);
    await ask().expect(202);
    const { token } = await managerMail();
    expect((await decide(token, 'deny').expect(200)).body).toEqual({ status: 'denied' });

    expect(await ticket()).toMatchObject({ status: 'open', verifiedUntil: null, managerApproval: { status: 'denied' } });
    expect((await ticket()).codes[0]).toMatchObject({ status: 'superseded' });
    expect((await agent.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(410)).body.code).toBe('CODE_EXPIRED');
    await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403);

    const alert = await desk.mailbox.waitForMessage(
      (message) => message.subject === `Manager denied a caller: dreyes (ticket #${ticketId})`,
    );
    expect(alert.to).toEqual([supervisor.email]);
    expect(alert.text).toContain('Mara Lopez (mlopez), the manager on record of dreyes, said the caller on ticket');
    const denied = await stack.dataSource.getRepository(AuditEventEntity).findOneByOrFail({ ticketId, action: AuditAction.ManagerDenied });
    expect(denied.details).toEqual({ manager: 'mlopez', codesWithdrawn: 1 });
  });

  it('fifteen Approve and fifteen Deny clicks at once (more than the connection pool holds): exactly one lands', async () => {
    // A supervisor to alert, should a Deny win: the alert is read before the decision's transaction.
    await createStaff(stack, 'supervisor');
    await ask().expect(202);
    const { token } = await managerMail();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, index) => decide(token, index % 2 === 0 ? 'approve' : 'deny')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(29).fill(410)]);
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 410)).toHaveLength(29);
    const events = await stack.dataSource.query('SELECT action FROM audit_events WHERE ticket_id = ? AND action IN (?)', [
      ticketId,
      [AuditAction.ManagerApproved, AuditAction.ManagerDenied],
    ]);
    expect(events).toHaveLength(1);

    // Thirty Deny clicks on another ticket: the winner alerts supervisors while the others hold every pooled connection.
    ticketId = await openTicket(agent, accountId, 'Locked out again');
    desk.mailbox.clear();
    await ask().expect(202);
    const second = (await managerMail()).token;
    const denials = await Promise.all(Array.from({ length: 30 }, () => decide(second, 'deny')));
    expect(denials.map((answer) => answer.status).sort()).toEqual([200, ...Array(29).fill(410)]);
    await desk.mailbox.waitForMessage((message) => message.subject === `Manager denied a caller: dreyes (ticket #${ticketId})`);
  });

  it('refuses without a manager who can approve; links lapse after 30 minutes, when the ticket closes, and for tokens that never were', async () => {
    await desk.admin.put(`/api/accounts/${accountId}`).send({ managerId: null }).expect(200);
    expect((await ask().expect(422)).body).toMatchObject({ code: 'ACCOUNT_HAS_NO_MANAGER' });
    await desk.admin.put(`/api/accounts/${accountId}`).send({ managerId }).expect(200);
    await desk.admin.put(`/api/accounts/${managerId}`).send({ status: 'disabled' }).expect(200);
    expect((await ask().expect(422)).body).toMatchObject({ code: 'MANAGER_CANNOT_APPROVE' });
    await desk.admin.put(`/api/accounts/${managerId}`).send({ status: 'active' }).expect(200);

    await ask().expect(202);
    const first = (await managerMail()).token;
    const later = new Date(Date.now() + 30 * 60_000 + 1_000);
    const clock = jest.spyOn(stack.api.get(Clock), 'now').mockImplementation(() => later);
    await decide(first, 'approve').expect(410);
    expect((await ticket()).managerApproval).toMatchObject({ status: 'expired' });
    // Expired, so it may be asked again.
    desk.mailbox.clear();
    await ask().expect(202);
    clock.mockRestore();
    const second = (await managerMail()).token;
    await agent.put(`/api/tickets/${ticketId}`).send({ status: 'closed' }).expect(200);
    expect((await decide(second, 'approve').expect(410)).body.message).toBe(
      'This request is no longer open: it was answered already, it expired after 30 minutes, or the ticket moved on. Nothing was changed',
    );
    expect((await decide('x'.repeat(43), 'approve').expect(410)).body.message).toBe(
      'This request is no longer open: it was answered already, it expired after 30 minutes, or the ticket moved on. Nothing was changed',
    );
    expect((await decide(second, 'maybe' as 'approve').expect(400)).body.message).toContain('decision must be approve or deny');
    expect(await ticket()).toMatchObject({ status: 'closed', verifiedUntil: null });

    // A manager is asked at most 3 times an hour about one account, over all its tickets.
    const other = await openTicket(agent, accountId, 'Locked out again');
    await agent.post(`/api/tickets/${other}/manager-approval`).expect(202);
    await waitFor(async () => (await stack.dataSource.query('SELECT id FROM manager_approvals')).length === 3, { what: 'three asks' });
    const third = await openTicket(agent, accountId, 'Locked out once more');
    const refused = await agent.post(`/api/tickets/${third}/manager-approval`).expect(429);
    expect(refused.body.code).toBe('CODE_HOURLY_LIMIT');
    expect(refused.headers['retry-after']).toBe('3600');
  });

  it('a holder disabled after the ask (a leaver): the link lapses and the ticket stays unverified', async () => {
    await ask().expect(202);
    const { token } = await managerMail();
    await desk.admin.put(`/api/accounts/${accountId}`).send({ status: 'disabled' }).expect(200);
    await inspect(token).expect(410);
    await decide(token, 'approve').expect(410);
    expect(await ticket()).toMatchObject({ verifiedUntil: null });
    expect((await ticket()).status).not.toBe('verified');
  });
});
