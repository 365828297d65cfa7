import { AuditEventEntity } from '@resetdesk/audit';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { createDana, useDesk } from '../support/desk';
import { as, TestStack } from '../support/test-stack';

describe('tickets', () => {
  const desk = useDesk();
  let mailbox: TestMailbox;
  let stack: TestStack;
  let agent: Awaited<ReturnType<typeof signedIn>>;
  let api: ReturnType<typeof as>;
  let accountId: number;

  beforeEach(async () => {
    ({ mailbox, stack } = desk);
    agent = await signedIn(stack, 'agent');
    api = as(stack, agent.token);
    accountId = await createDana(desk.admin);
  });

  const ticketCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM tickets'))[0].n);
  const open = () => api.post('/api/tickets').send({ accountId, subject: 'Locked out after holiday', channel: 'phone' }).expect(201);

  it('opens a ticket assigned to the agent, audited, and emails the account holder the ticket number', async () => {
    const { body } = await open();
    expect(body).toMatchObject({
      accountUsername: 'dreyes',
      status: 'open',
      priority: 'normal',
      assigneeId: agent.id,
      assigneeName: 'Test agent',
      notes: [],
      allowedMoves: ['cancelled', 'closed'],
      finished: false,
      resendAvailableAt: null,
    });
    const mail = await mailbox.waitForMessage((message) => message.to.includes('dana@example.com'));
    expect(mail.subject).toBe(`Support ticket #${body.id} opened for your account`);
    expect(mail.text).toContain(`Support ticket #${body.id} was opened by our support team, for a phone call`);
    // The agent's free-text subject stays on the ticket, out of the holder's inbox; and no reply is asked of a no-reply sender.
    expect(mail.subject + mail.text + mail.html).not.toContain('Locked out after holiday');
    expect(mail.text + mail.html).not.toMatch(/reply(ing)? to this (e-?mail|message)/i);
    const timeline = await api.get(`/api/tickets/${body.id}/timeline`).expect(200);
    expect(timeline.body.map((event: { action: string }) => event.action)).toEqual(['ticket.opened']);
  });

  it('lists with filters: mine, active, status, account, search', async () => {
    const mine = (await open()).body;
    const other = as(stack, (await signedIn(stack, 'agent')).token);
    await other.post('/api/tickets').send({ accountId, subject: 'Another caller', channel: 'email' }).expect(201);
    const list = (filter: object) =>
      api
        .get('/api/tickets')
        .query({ filter: JSON.stringify(filter) })
        .expect(200);
    expect((await list({})).headers['content-range']).toBe('tickets 0-1/2');
    expect((await list({ mine: true })).body.map((ticket: { id: number }) => ticket.id)).toEqual([mine.id]);
    expect((await list({ q: 'another' })).body).toHaveLength(1);
    expect((await list({ channel: 'email' })).body).toHaveLength(1);
    expect((await list({ accountId: [accountId], active: true })).body).toHaveLength(2);
    await api.put(`/api/tickets/${mine.id}`).send({ status: 'cancelled' }).expect(200);
    expect((await list({ active: true })).body).toHaveLength(1);
    expect((await list({ status: 'cancelled' })).body).toHaveLength(1);

    // A portal ticket waits for someone to take it.
    const waiting = (
      await api.post('/api/tickets').send({ accountId, subject: 'From the portal', channel: 'portal', assigneeId: null }).expect(201)
    ).body;
    expect((await list({ unassigned: true })).body.map((ticket: { id: number }) => ticket.id)).toEqual([waiting.id]);
    expect((await list({ unassigned: false })).body).toHaveLength(2);
    const bad = await api
      .get('/api/tickets')
      .query({ filter: JSON.stringify({ unassigned: 'maybe' }) })
      .expect(400);
    expect(bad.body.message).toMatch(/unassigned/);
  });

  it('moves along allowed statuses and refuses the rest with 409 naming both', async () => {
    const { body } = await open();
    const refused = await api.put(`/api/tickets/${body.id}`).send({ status: 'resolved' }).expect(409);
    expect(refused.body).toMatchObject({
      message: `Ticket #${body.id} cannot move from open to resolved`,
      currentStatus: 'open',
      requestedStatus: 'resolved',
    });
    const closed = await api.put(`/api/tickets/${body.id}`).send({ status: 'closed' }).expect(200);
    // The ticket names the moves PUT accepts now, in the list as on the ticket.
    expect(closed.body).toMatchObject({ allowedMoves: ['open'], finished: true });
    const listed = await api.get('/api/tickets').expect(200);
    expect(listed.body.find((row: { id: number }) => row.id === body.id)).toMatchObject({ allowedMoves: ['open'], finished: true });
    await api.put(`/api/tickets/${body.id}`).send({ status: 'cancelled' }).expect(409);
    const reopened = await api.put(`/api/tickets/${body.id}`).send({ status: 'open', priority: 'high' }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'open', priority: 'high', allowedMoves: ['cancelled', 'closed'], finished: false });
    const actions = (await stack.dataSource.getRepository(AuditEventEntity).findBy({ ticketId: body.id })).map((event) => event.action);
    expect(actions).toEqual(['ticket.opened', 'ticket.status_changed', 'ticket.updated', 'ticket.status_changed']);
  });

  it('adds notes, shown on the ticket with their author', async () => {
    const { body } = await open();
    await api.post(`/api/tickets/${body.id}/notes`).send({ body: 'Caller verified name and date of birth.' }).expect(201);
    const ticket = await api.get(`/api/tickets/${body.id}`).expect(200);
    expect(ticket.body.notes).toEqual([
      expect.objectContaining({ body: 'Caller verified name and date of birth.', authorName: 'Test agent' }),
    ]);
  });

  it.each([
    ['an unknown account', { accountId: 999999, subject: 'x', channel: 'phone' }, 422, 'Account 999999 does not exist'],
    ['an unknown channel', { accountId: 1, subject: 'x', channel: 'fax' }, 400, 'channel must be one of phone, portal, email, chat'],
    ['an empty subject', { accountId: 1, subject: '  ', channel: 'phone' }, 400, 'subject must not be empty'],
    ['an unknown field', { accountId: 1, subject: 'x', channel: 'phone', status: 'resolved' }, 400, 'unknown field "status"'],
    [
      'an inactive assignee',
      { accountId: 1, subject: 'x', channel: 'phone', assigneeId: 99999 },
      422,
      'No active staff member 99999 to assign',
    ],
    ['a text account id', { accountId: 'dreyes', subject: 'x', channel: 'phone' }, 400, 'accountId must be a positive whole number'],
  ])('refuses to open a ticket with %s and creates nothing', async (_case, body, status, message) => {
    const response = await api
      .post('/api/tickets')
      .send({ ...body, accountId: body.accountId === 1 ? accountId : body.accountId })
      .expect(status);
    expect(response.body.message).toBe(message);
    expect(await ticketCount()).toBe(0);
  });

  it('refuses bad updates and notes, changing nothing', async () => {
    const { body } = await open();
    expect((await api.put(`/api/tickets/${body.id}`).send({ status: 'verified' }).expect(400)).body.message).toMatch(
      /status may be set to open, resolved, closed, cancelled/,
    );
    expect((await api.put(`/api/tickets/${body.id}`).send({ priority: 'asap' }).expect(400)).body.message).toBe(
      'priority must be one of low, normal, high, urgent',
    );
    expect((await api.post(`/api/tickets/${body.id}/notes`).send({ body: '' }).expect(400)).body.message).toBe('body must not be empty');
    expect((await api.post('/api/tickets/999999/notes').send({ body: 'x' }).expect(404)).body.message).toBe('Ticket 999999 does not exist');
    const after = await api.get(`/api/tickets/${body.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'open', priority: 'normal', notes: [] });
  });
});
