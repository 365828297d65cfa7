import { AuditAction, AuditEventEntity } from '@resetdesk/audit';
import { ResetTokenEntity } from '@resetdesk/resets';
import { createDana, useDesk } from '../support/desk';
import { createStaff, signedIn, signIn } from '../support/staff';
import { as, TestStack } from '../support/test-stack';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';

type Api = ReturnType<typeof as>;

/**
 * The verify-only role: a verifier opens tickets and verifies callers as an agent does, and is refused every step
 * that hands the caller a password or unlocks the account; an agent takes the verified ticket and resets it.
 */
describe('the verifier role', () => {
  const desk = useDesk();
  let stack: TestStack;
  let verifier: Api;
  let accountId: number;

  beforeEach(async () => {
    stack = desk.stack;
    verifier = as(stack, (await signedIn(stack, 'verifier')).token);
    accountId = await createDana(desk.admin);
  });

  const resetActions = (api: Api, ticketId: number) => [
    api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }),
    api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }),
    api.post(`/api/tickets/${ticketId}/unlock`),
    api.post(`/api/tickets/${ticketId}/approval-request`),
  ];

  it('opens a ticket and verifies the caller, is refused reset, unlock and approval request, and changes nothing', async () => {
    const ticketId = await openTicket(verifier, accountId);
    await verifyCaller(verifier, desk.mailbox, ticketId);
    const before = (await verifier.get(`/api/tickets/${ticketId}`).expect(200)).body;
    expect(before).toMatchObject({ status: 'verified', assigneeId: expect.any(Number) });
    const eventsBefore = await stack.dataSource.getRepository(AuditEventEntity).count();

    // All at once, as a double-click or a script would send them.
    const answers = await Promise.all(resetActions(verifier, ticketId));
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        code: 'FORBIDDEN_ROLE',
        message: 'This needs the agent role or higher; you are signed in as verifier',
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/temporaryPassword/);
    }
    expect(await stack.dataSource.getRepository(ResetTokenEntity).countBy({ ticketId })).toBe(0);
    expect(await stack.dataSource.getRepository(AuditEventEntity).count()).toBe(eventsBefore);
    const after = (await verifier.get(`/api/tickets/${ticketId}`).expect(200)).body;
    expect({ status: after.status, verifiedUntil: after.verifiedUntil }).toEqual({
      status: 'verified',
      verifiedUntil: before.verifiedUntil,
    });
  });

  it('releases the verified ticket; an agent takes it and resets within the verified window', async () => {
    const ticketId = await openTicket(verifier, accountId);
    await verifyCaller(verifier, desk.mailbox, ticketId);
    await verifier.put(`/api/tickets/${ticketId}`).send({ assigneeId: null }).expect(200);
    const waiting = (
      await verifier
        .get('/api/tickets')
        .query({ filter: JSON.stringify({ unassigned: true }) })
        .expect(200)
    ).body;
    expect(waiting.map((ticket: { id: number }) => ticket.id)).toContain(ticketId);

    const agentMember = await signedIn(stack, 'agent');
    const agent = as(stack, agentMember.token);
    await agent.put(`/api/tickets/${ticketId}`).send({ assigneeId: agentMember.id }).expect(200);
    const issued = await agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    expect(issued.body).toMatchObject({ method: 'link', sentTo: expect.any(String) });
    await resetLinkFromMail(desk.mailbox, ticketId);

    // The trail names who verified and who reset.
    const trail = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { ticketId }, order: { id: 'ASC' } });
    const byAction = (action: string) => trail.find((event) => event.action === action);
    expect(byAction(AuditAction.CodeVerified)?.actorLabel).toMatch(/^verifier-/);
    expect(byAction(AuditAction.ResetLinkIssued)?.actorLabel).toBe(agentMember.email);
  });

  it('an agent made verifier loses their sessions; signed in again, their reset is refused', async () => {
    const member = await createStaff(stack, 'agent');
    const oldSession = as(stack, await signIn(stack, member));
    const ticketId = await openTicket(oldSession, accountId);
    await verifyCaller(oldSession, desk.mailbox, ticketId);

    await desk.admin.put(`/api/staff/${member.id}`).send({ role: 'verifier' }).expect(200);
    await oldSession.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(401);

    const newSession = as(stack, await signIn(stack, member));
    await newSession.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(403);
    expect(await stack.dataSource.getRepository(ResetTokenEntity).countBy({ ticketId })).toBe(0);
  });

  it('is a role admins give and filter by; unknown roles are refused naming the choices', async () => {
    const created = await desk.admin
      .post('/api/staff')
      .send({ email: 'vera@example.com', name: 'Vera Verifier', role: 'verifier', password: 'Amber-willow-58-verify' })
      .expect(201);
    expect(created.body).toMatchObject({ role: 'verifier', email: 'vera@example.com' });
    const listed = (
      await desk.admin
        .get('/api/staff')
        .query({ filter: JSON.stringify({ role: 'verifier' }) })
        .expect(200)
    ).body;
    // This test's own signed-in verifier and Vera; no agent, supervisor or admin.
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'vera@example.com', role: 'verifier' })]));
    expect(listed.every((member: { role: string }) => member.role === 'verifier')).toBe(true);

    const refused = await desk.admin
      .post('/api/staff')
      .send({ email: 'val@example.com', name: 'Val', role: 'checker', password: 'Amber-willow-58-verify' })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('verifier, agent, supervisor, admin');
  });
});
