import { redisConfig, RedisConfigType, redisOptions } from '@resetdesk/core';
import Redis from 'ioredis';
import { SESSION_CHECK_MS } from '@resetdesk/staff';
import type { TicketChange } from '@resetdesk/tickets';
import { freePort } from '../support/ports';
import { createDana } from '../support/desk';
import { EventStreamReader } from '../support/event-stream';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { waitFor } from '../support/wait-for';

/**
 * Two API instances on one database and one Redis, as behind a load balancer: the agent's page streams from
 * instance A while every change is made through instance B (or the portal, or the worker).
 */
describe('a ticket page updates by itself', () => {
  let mailbox: TestMailbox;
  let a: TestStack;
  let b: TestStack;
  let streamsUrl: string;
  const readers: EventStreamReader[] = [];

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    const port = await freePort();
    a = await startTestStack({ env: { SMTP_URL: mailbox.url }, port, worker: false });
    b = await startTestStack({ env: { SMTP_URL: mailbox.url } });
    streamsUrl = `http://127.0.0.1:${port}/api/tickets`;
  });
  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.close()));
    await b?.close();
    await a?.close();
    await mailbox?.stop();
  });
  beforeEach(async () => {
    await Promise.all(readers.splice(0).map((reader) => reader.close()));
    await resetState(b);
    mailbox.clear();
  });

  const follow = async (ticketId: number, token: string) => {
    const reader = await EventStreamReader.open(`${streamsUrl}/${ticketId}/events`, token);
    readers.push(reader);
    return reader;
  };
  const changes = (reader: EventStreamReader) => reader.ofType('change').map((event) => event.data as TicketChange);
  const waitForChange = (reader: EventStreamReader, what: string, matches: (change: TicketChange) => boolean) =>
    waitFor(() => changes(reader).find(matches), { what, timeoutMs: 10_000 });

  async function deskWithTicket() {
    const agent = await signedIn(b, 'agent');
    const supervisor = await signedIn(b, 'supervisor');
    const admin = as(b, (await signedIn(b, 'admin')).token);
    const accountId = await createDana(admin);
    const ticketId = await openTicket(as(b, agent.token), accountId);
    return { agent, supervisor, agentApi: as(b, agent.token), supervisorApi: as(b, supervisor.token), accountId, ticketId };
  }

  it('starts with ready, then tells the page of a colleague’s note made on another instance, naming them', async () => {
    const { agent, supervisorApi, ticketId } = await deskWithTicket();
    const page = await follow(ticketId, agent.token);
    await waitFor(() => page.ofType('ready').length === 1, { what: 'the ready event' });

    await supervisorApi.post(`/api/tickets/${ticketId}/notes`).send({ body: 'Caller is travelling; verify by code only' }).expect(201);

    const change = await waitForChange(page, 'the note', (candidate) => candidate.actions.includes('ticket.note_added'));
    expect(change).toMatchObject({
      ticketId,
      actor: { type: 'staff', name: 'Test supervisor' },
      announcement: 'Test supervisor added a note',
    });
    // The note's text is for the API to show, not for the stream.
    expect(JSON.stringify(page.events)).not.toContain('travelling');
  });

  it('announces the holder’s reset through the portal as one change: “Caller set a new password — ticket resolved”', async () => {
    const { agent, agentApi, ticketId } = await deskWithTicket();
    await verifyCaller(agentApi, mailbox, ticketId);
    await agentApi.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
    const { token } = await resetLinkFromMail(mailbox, ticketId);
    const page = await follow(ticketId, agent.token);
    await waitFor(() => page.ofType('ready').length === 1, { what: 'the ready event' });

    await b.http.post('/api/self-service/reset').send({ token, newPassword: 'Tangerine-Harbor-42!' }).expect(204);

    const change = await waitForChange(page, 'the reset', (candidate) => candidate.actions.includes('reset.link_used'));
    expect(change).toMatchObject({
      status: 'resolved',
      actor: { type: 'account' },
      announcement: 'Caller set a new password — ticket resolved',
    });
    expect(changes(page).filter((candidate) => candidate.actions.includes('reset.link_used'))).toHaveLength(1);
    expect(JSON.stringify(page.events)).not.toContain('Tangerine');
  });

  it('tells only the pages of that ticket', async () => {
    const { agent, agentApi, accountId, ticketId } = await deskWithTicket();
    const other = await openTicket(agentApi, accountId, 'Another call');
    const page = await follow(ticketId, agent.token);
    const otherPage = await follow(other, agent.token);
    await waitFor(() => page.ofType('ready').length === 1 && otherPage.ofType('ready').length === 1, { what: 'both streams' });

    await agentApi.post(`/api/tickets/${other}/notes`).send({ body: 'Only here' }).expect(201);

    await waitForChange(otherPage, 'the other ticket’s note', (change) => change.ticketId === other);
    expect(changes(page)).toEqual([]);
  });

  it('refuses a stream without a session (401), for a ticket that does not exist (404), and by anyone not on the desk', async () => {
    const { ticketId } = await deskWithTicket();
    const anonymous = await fetch(`${streamsUrl}/${ticketId}/events`);
    expect(anonymous.status).toBe(401);
    const agent = await signedIn(b, 'agent');
    const missing = await follow(999_999, agent.token);
    expect(missing.status).toBe(404);
    expect(missing.events[0]?.data).toMatchObject({ code: 'TICKET_NOT_FOUND' });
  });

  it('ends the stream when the member signs out, instead of telling them more', async () => {
    const { agent, supervisorApi, ticketId } = await deskWithTicket();
    const page = await follow(ticketId, agent.token);
    await waitFor(() => page.ofType('ready').length === 1, { what: 'the ready event' });

    await as(b, agent.token).post('/api/auth/logout').expect(204);
    await supervisorApi.post(`/api/tickets/${ticketId}/notes`).send({ body: 'After sign-out' }).expect(201);

    // The change is checked against the session before it is sent: the stream ends without it.
    await waitFor(() => page.ended, { what: 'the stream to end', timeoutMs: SESSION_CHECK_MS + 5_000 });
    expect(changes(page)).toEqual([]);
  });

  it('ends a quiet stream within the session check when the member is disabled', async () => {
    const { agent, ticketId } = await deskWithTicket();
    const admin = as(b, (await signedIn(b, 'admin')).token);
    const page = await follow(ticketId, agent.token);
    await waitFor(() => page.ofType('ready').length === 1, { what: 'the ready event' });

    await admin.put(`/api/staff/${agent.id}`).send({ disabled: true }).expect(200);

    await waitFor(() => page.ended, { what: 'the stream to end', timeoutMs: SESSION_CHECK_MS + 5_000 });
    expect(page.ofType('ready')).toHaveLength(1);
  });

  it('holds at most ten streams per member on an instance: the eleventh is 429 until one closes', async () => {
    const { agent, ticketId } = await deskWithTicket();
    const pages = await Promise.all(Array.from({ length: 11 }, () => follow(ticketId, agent.token)));
    expect(pages.map((page) => page.status).sort()).toEqual([...Array(10).fill(200), 429]);
    const refused = pages.find((page) => page.status === 429)!;
    expect(refused.events[0]?.data).toMatchObject({ code: 'TICKET_STREAMS_LIMIT' });

    await pages.find((page) => page.status === 200)!.close();
    await waitFor(async () => (await follow(ticketId, agent.token)).status === 200, { what: 'a free stream slot' });
  });

  it('ends its streams when the subscriber connection drops (changes would be missed), and a new stream is ready again', async () => {
    const { agent, supervisorApi, ticketId } = await deskWithTicket();
    const page = await follow(ticketId, agent.token);
    await waitFor(() => page.ofType('ready').length === 1, { what: 'the ready event' });

    // Only instance A's subscriber, by its name: other files' instances share this Redis.
    const config = a.api.get<RedisConfigType>(redisConfig.KEY);
    const admin = new Redis(redisOptions(config));
    try {
      const clients = (await admin.client('LIST')) as string;
      const id = clients
        .split('\n')
        .find((line) => line.includes(`name=${config.queuePrefix}:live:subscriber`))
        ?.match(/id=(\d+)/)?.[1];
      expect(id).toBeDefined();
      await admin.client('KILL', 'ID', id!);
    } finally {
      admin.disconnect();
    }

    await waitFor(() => page.ended, { what: 'the stream to end' });
    const again = await follow(ticketId, agent.token);
    await waitFor(() => again.ofType('ready').length === 1, { what: 'a new stream, ready', timeoutMs: 10_000 });
    await supervisorApi.post(`/api/tickets/${ticketId}/notes`).send({ body: 'After the drop' }).expect(201);
    await waitForChange(again, 'the note', (change) => change.actions.includes('ticket.note_added'));
  });

  it('ends open streams when the API shuts down, so closing does not wait on them', async () => {
    const port = await freePort();
    const c = await startTestStack({ env: { SMTP_URL: mailbox.url }, port, worker: false });
    const { agent, ticketId } = await deskWithTicket();
    const page = await EventStreamReader.open(`http://127.0.0.1:${port}/api/tickets/${ticketId}/events`, agent.token);
    await waitFor(() => page.ofType('ready').length === 1, { what: 'the ready event' });

    await c.close();

    expect(page.ended).toBe(true);
  });
});
