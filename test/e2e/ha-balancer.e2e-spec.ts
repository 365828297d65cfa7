import { INestApplicationContext } from '@nestjs/common';
import { MailTransport } from '@resetdesk/mail';
import { ReminderScanService } from '@resetdesk/reminders';
import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { sequenceNumbers } from '../support/audit';
import { freePort } from '../support/ports';
import { insertAccountsDueReminders } from '../support/bulk-accounts';
import { countSent, enqueueTestEmails, expectEachDeliveredOnce } from '../support/deliveries';
import { createDana } from '../support/desk';
import { EventStreamReader } from '../support/event-stream';
import { PrivateHaproxy } from '../support/private-haproxy';
import { ApiProcess } from '../support/run-entrypoint';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, refreshCookieOf, signedIn } from '../support/staff';
import { as, resetState, startTestStack, startTestWorker, TestStack } from '../support/test-stack';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { waitFor } from '../support/wait-for';

const LIMIT = 20;
const EMAILS = 1000;
const REMINDED = 300;
const NOTES = 200;
const SERVERS = ['api1', 'api2'];

interface Answer {
  status: number;
  servedBy: string | null;
  startedAt: number;
  body: unknown;
}

/**
 * A request through the balancer from one loopback address of the caller's choosing (the kernel answers on all
 * of 127.0.0.0/8): how a test shows two different clients behind one balancer. Connection errors answer status 0.
 */
function call(
  base: string,
  method: string,
  path: string,
  { from = '127.0.0.1', body, headers = {} }: { from?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const startedAt = Date.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      `${base}${path}`,
      {
        method,
        localAddress: from,
        agent: false,
        headers: { ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}), ...headers },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            servedBy: (response.headers['x-served-by'] as string | undefined) ?? null,
            startedAt,
            body: text.startsWith('{') ? JSON.parse(text) : text,
          }),
        );
        response.on('error', () => resolve({ status: 0, servedBy: null, startedAt, body: null }));
      },
    );
    outgoing.on('error', () => resolve({ status: 0, servedBy: null, startedAt, body: null }));
    outgoing.end(payload);
  });
}

/**
 * Two API processes and two workers on one database and one Redis, behind a real HAProxy, as docs/operations.md
 * describes a scaled installation: a whole reset crosses instances, the workers share the work without doing any
 * of it twice, the per-address limits hold whichever instance counts, and losing an API costs only what it was
 * answering at that moment.
 */
describe('two APIs and two workers behind HAProxy', () => {
  let mailbox: TestMailbox;
  let control: TestStack;
  let apis: ApiProcess[];
  let workers: INestApplicationContext[];
  let haproxy: PrivateHaproxy;
  let balanced: TestStack;
  let env: Record<string, string>;

  beforeAll(async () => {
    mailbox = await TestMailbox.start({ capacity: 2 * (EMAILS + REMINDED) });
    env = {
      SMTP_URL: mailbox.url,
      // One balancer in front: the client is the address HAProxy adds to X-Forwarded-For, whatever the client sent.
      TRUST_PROXY: '1',
      AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      OUTBOX_SWEEP_AFTER_MS: '1000',
      MAIL_RETRY_BACKOFF_MS: '200',
    };
    // The test's own handle on the database and the queues; it is not behind the balancer.
    control = await startTestStack({ worker: false, env });
    await resetState(control);
    const ports = [await freePort(), await freePort()];
    [apis, workers] = await Promise.all([
      Promise.all(ports.map((port) => ApiProcess.start(port, env))),
      Promise.all([startTestWorker(env), startTestWorker(env)]),
    ]);
    haproxy = await PrivateHaproxy.start([apis[0]!.port, apis[1]!.port]);
    await Promise.all(SERVERS.map((name) => haproxy.waitForStatus(name, 'UP')));
    balanced = { ...control, http: request(haproxy.url) };
  }, 90_000);

  afterAll(async () => {
    await haproxy?.stop();
    await Promise.all((apis ?? []).map((api) => api.stop()));
    await Promise.all((workers ?? []).map((worker) => worker.close()));
    await control?.close();
    await mailbox?.stop();
  });

  beforeEach(async () => {
    jest.restoreAllMocks();
    await resetState(control);
    mailbox.clear();
  });

  it('carries a whole assisted reset across both instances: sign-in, refresh, live updates, code, link, portal, sign-out', async () => {
    const agent = await createStaff(control, 'agent');
    const admin = as(balanced, (await signedIn(control, 'admin')).token);
    const signIn = await balanced.http.post('/api/auth/login').send({ email: agent.email, password: agent.password }).expect(200);
    // The refresh cookie rotates on whichever instance; the one before is spent everywhere.
    let cookie = refreshCookieOf(signIn);
    for (let i = 0; i < 3; i++) {
      const refreshed = await balanced.http.post('/api/auth/refresh').set('Cookie', `resetdesk_refresh=${cookie}`).expect(200);
      cookie = refreshCookieOf(refreshed);
    }
    const token = (await balanced.http.post('/api/auth/refresh').set('Cookie', `resetdesk_refresh=${cookie}`).expect(200)).body
      .accessToken as string;
    const api = as(balanced, token);

    const accountId = await createDana(admin, { password: 'Original-pass-2026!' });
    const ticketId = await openTicket(api, accountId);
    // The page follows the ticket through the balancer; changes made on either instance reach it.
    const page = await EventStreamReader.open(`${haproxy.url}/api/tickets/${ticketId}/events`, token);
    try {
      await waitFor(() => page.ofType('ready').length === 1, { what: 'the live stream through the balancer' });
      const servedBy = new Set<string>();
      for (let i = 0; i < 6; i++) servedBy.add((await api.get(`/api/tickets/${ticketId}`).expect(200)).headers['x-served-by']!);
      expect([...servedBy].sort()).toEqual(SERVERS);

      await verifyCaller(api, mailbox, ticketId);
      await api.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' }).expect(202);
      const { token: resetToken } = await resetLinkFromMail(mailbox, ticketId);
      await balanced.http.post('/api/self-service/reset/inspect').send({ token: resetToken }).expect(200);
      await balanced.http.post('/api/self-service/reset').send({ token: resetToken, newPassword: 'Harbor-lantern-57-quiet' }).expect(204);
      await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
      await balanced.http.post('/api/self-service/reset').send({ token: resetToken, newPassword: 'Another-lantern-58-quiet' }).expect(410);
      await waitFor(
        () => page.ofType('change').some((event) => ((event.data as { actions: string[] }).actions ?? []).includes('reset.link_used')),
        { what: 'the reset on the live page' },
      );
      expect((await api.get(`/api/tickets/${ticketId}`).expect(200)).body.status).toBe('resolved');
    } finally {
      await page.close();
    }

    // Signed out through one instance, the token is refused by each.
    await api.post('/api/auth/logout').expect(204);
    for (const instance of apis) {
      await request(instance.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    }
  }, 60_000);

  it('shares 1,000 emails and a reminder scan started on both workers at once: each sent once, the chain sealed under load and verified', async () => {
    await insertAccountsDueReminders((sql, params) => control.dataSource.query(sql, params), REMINDED, 'balanced');
    const sentBy = workers.map((worker) => jest.spyOn(worker.get(MailTransport), 'send'));
    await enqueueTestEmails(control, EMAILS);

    // While the workers deliver, agents write audit events on both instances, which both workers' sealers seal.
    const agent = await signedIn(control, 'agent');
    const admin = as(balanced, (await signedIn(control, 'admin')).token);
    const ticketId = await openTicket(as(balanced, agent.token), await createDana(admin));
    const [scans, notes] = await Promise.all([
      Promise.all(workers.map((worker) => worker.get(ReminderScanService).run({ trigger: 'cli' }))),
      Promise.all(
        Array.from({ length: NOTES }, (_, i) =>
          call(haproxy.url, 'POST', `/api/tickets/${ticketId}/notes`, {
            body: { body: `note ${i}` },
            headers: { Authorization: `Bearer ${agent.token}` },
          }),
        ),
      ),
    ]);
    expect(notes.map((note) => note.status)).toEqual(Array(NOTES).fill(201));
    expect(new Set(notes.map((note) => note.servedBy))).toEqual(new Set(SERVERS));
    // Both scans ran; between them every due reminder was queued once.
    expect(scans[0]!.queued + scans[1]!.queued).toBe(REMINDED);
    expect(scans[0]!.queued + scans[0]!.duplicates).toBe(REMINDED);
    expect(scans[1]!.queued + scans[1]!.duplicates).toBe(REMINDED);

    const total = EMAILS + REMINDED;
    await waitFor(async () => (await countSent(control.dataSource)) === total, {
      what: `${total} emails sent`,
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await expectEachDeliveredOnce(control.dataSource, mailbox, total);
    // Each worker did a share of the sending, and no message was handed to SMTP twice (the ticket's own notices included).
    const shares = sentBy.map((spy) => spy.mock.calls.length);
    const [{ everySent }] = await control.dataSource.query("SELECT COUNT(*) AS everySent FROM notifications WHERE status = 'sent'");
    expect(shares[0]! + shares[1]!).toBe(Number(everySent));
    expect(Math.min(...shares)).toBeGreaterThan(0);

    const supervisor = as(balanced, (await signedIn(control, 'supervisor')).token);
    await waitFor(async () => (await supervisor.get('/api/audit-events/chain')).body.pending === 0, {
      what: 'every event sealed',
      timeoutMs: 30_000,
    });
    const sequence = await sequenceNumbers(control.dataSource);
    expect(sequence).toEqual(Array.from({ length: sequence.length }, (_, i) => i + 1));
    expect(sequence.length).toBeGreaterThan(NOTES);
    expect((await supervisor.get('/api/audit-events/verify').expect(200)).body).toMatchObject({ status: 'verified', brokenAtSeq: null });
    console.log(`Two workers behind the balancer: sent ${shares.join(' + ')} of ${total} emails; sealed ${sequence.length} events`);
  }, 90_000);

  it('holds the per-address limit across both instances whatever X-Forwarded-For the caller sends; another address keeps its own', async () => {
    const wrong = (i: number, from = '127.0.0.1', spoofed = `203.0.113.${i % 250}`) =>
      call(haproxy.url, 'POST', '/api/auth/login', {
        from,
        body: { email: `nobody-${i}@example.com`, password: 'not-the-password-at-all' },
        headers: { 'X-Forwarded-For': spoofed },
      });
    const first = [];
    for (let i = 0; i < LIMIT; i++) first.push(await wrong(i));
    expect(first.map((answer) => answer.status)).toEqual(Array(LIMIT).fill(401));
    expect(new Set(first.map((answer) => answer.servedBy))).toEqual(new Set(SERVERS));
    // The 21st, on either instance.
    for (let i = 0; i < 2; i++) {
      const refused = await wrong(LIMIT + i);
      expect(refused).toMatchObject({
        status: 429,
        body: { message: expect.stringMatching(/^Too many sign-in requests from this address/) },
      });
    }
    // A colleague behind the same balancer, at another address, is not refused for it.
    expect((await wrong(100, '127.0.0.2')).status).toBe(401);

    // A burst of 50 wrong and 1 right from a third address: exactly the limit is evaluated, over both instances.
    const member = await createStaff(control, 'agent');
    const burst = await Promise.all(
      Array.from({ length: 51 }, (_, i) =>
        i === 25
          ? call(haproxy.url, 'POST', '/api/auth/login', { from: '127.0.0.3', body: { email: member.email, password: member.password } })
          : wrong(200 + i, '127.0.0.3'),
      ),
    );
    const statuses = burst.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 429)).toHaveLength(LIMIT);
    expect([200, 429]).toContain(statuses[25]);
  }, 60_000);

  // Last: it kills an API, and brings it back for nothing after it.
  it('loses an API mid-load: HAProxy takes it out, only requests in flight on it fail, and it rejoins when restarted', async () => {
    const agent = await signedIn(control, 'agent');
    const admin = as(balanced, (await signedIn(control, 'admin')).token);
    const ticketId = await openTicket(as(balanced, agent.token), await createDana(admin));
    const headers = { Authorization: `Bearer ${agent.token}` };
    const answers: Answer[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    let stopAt = Number.POSITIVE_INFINITY;
    const client = async (id: number) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        const answer =
          i % 2 === 0
            ? await call(haproxy.url, 'GET', `/api/tickets/${ticketId}`, { headers })
            : await call(haproxy.url, 'POST', `/api/tickets/${ticketId}/notes`, { headers, body: { body: `client ${id} note ${i}` } });
        answers.push(answer);
      }
    };
    const CLIENTS = 8;
    const load = Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));

    await waitFor(() => answers.filter((answer) => answer.servedBy === 'api2').length >= 20, { what: 'load on both instances' });
    const victim = apis[1]!;
    const signalledAt = Date.now();
    await victim.stop('SIGKILL');
    // Requests begun before the process was seen gone may have been on it; every later one must be answered.
    killedAt = Date.now();
    await haproxy.waitForStatus('api2', 'DOWN');
    const outMs = Date.now() - signalledAt;
    // Sixty answers begun after the kill, however long a busy machine takes for them (a fixed window got 43 once).
    await waitFor(() => answers.filter((answer) => answer.startedAt > killedAt).length >= 60, {
      what: 'sixty answers begun after the kill',
      timeoutMs: 30_000,
    });
    stopAt = Date.now();
    await load;

    const failed = answers.filter((answer) => answer.status < 200 || answer.status >= 300);
    // At most one request per client can have been on the killed instance when it died, and each started before.
    expect(failed.length).toBeLessThanOrEqual(CLIENTS);
    for (const answer of failed) expect(answer.startedAt).toBeLessThan(killedAt);
    expect(new Set(failed.map((answer) => answer.status))).toEqual(new Set(failed.length ? [502] : []));
    const afterKill = answers.filter((answer) => answer.startedAt > killedAt);
    expect(afterKill.length).toBeGreaterThanOrEqual(60);
    expect(afterKill.every((answer) => answer.status >= 200 && answer.status < 300)).toBe(true);
    expect(afterKill.filter((answer) => answer.startedAt > signalledAt + outMs).every((answer) => answer.servedBy === 'api1')).toBe(true);
    // Every note the desk was told was saved is there.
    const saved = answers.filter((answer) => answer.status === 201).length;
    const [{ notes }] = await control.dataSource.query('SELECT COUNT(*) AS notes FROM ticket_notes WHERE ticket_id = ?', [ticketId]);
    expect(Number(notes)).toBeGreaterThanOrEqual(saved);
    expect(Number(notes)).toBeLessThanOrEqual(saved + failed.length);

    // Restarted on its port, it is taken back once its health checks pass.
    apis[1] = await ApiProcess.start(victim.port, env);
    await haproxy.waitForStatus('api2', 'UP');
    const servedBy = new Set<string | null>();
    for (let i = 0; i < 6; i++) servedBy.add((await call(haproxy.url, 'GET', `/api/tickets/${ticketId}`, { headers })).servedBy);
    expect(servedBy).toEqual(new Set(SERVERS));
    console.log(
      `API SIGKILLed under ${CLIENTS} clients: out of the balancer after ${outMs} ms; ${answers.length} requests, ${failed.length} failed (in flight on it), ${afterKill.length} after the kill all answered`,
    );
  }, 60_000);
});
