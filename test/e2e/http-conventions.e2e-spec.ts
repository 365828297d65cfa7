import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotificationRepository } from '@resetdesk/mail';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

describe('HTTP conventions', () => {
  let mailbox: TestMailbox;
  let stack: TestStack;
  let supervisor: ReturnType<typeof as>;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    stack = await startTestStack({ env: { SMTP_URL: mailbox.url }, worker: false });
  });

  afterAll(async () => {
    await stack.close();
    await mailbox.stop();
  });

  beforeEach(async () => {
    await resetState(stack);
    supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
  });

  async function notificationCount(): Promise<number> {
    const [{ count }] = await stack.dataSource.query('SELECT COUNT(*) AS count FROM notifications');
    return Number(count);
  }

  function expectErrorBody(body: unknown, statusCode: number, message: RegExp) {
    expect(body).toMatchObject({ statusCode, error: expect.any(String), message: expect.stringMatching(message) });
  }

  describe('POST /api/system/test-email refuses bad input and changes nothing', () => {
    it.each([
      ['malformed JSON', '{"to":', 400, /not valid JSON/],
      ['an unknown field', JSON.stringify({ to: 'a@example.com', admin: true }), 400, /unknown field "admin"/],
      ['a wrong type', JSON.stringify({ to: 42 }), 400, /to must be an email address/],
      ['a missing field', JSON.stringify({}), 400, /to must be an email address/],
      ['a note that is too long', JSON.stringify({ to: 'a@example.com', note: 'x'.repeat(501) }), 400, /note must be at most 500/],
      ['a JSON array', JSON.stringify([{ to: 'a@example.com' }]), 400, /./],
      ['a 1 MB body', JSON.stringify({ to: 'a@example.com', note: 'x'.repeat(1024 * 1024) }), 413, /larger than the 100kb limit/],
    ])('%s', async (_case, body, status, message) => {
      const response = await supervisor.post('/api/system/test-email').set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(status);
      expectErrorBody(response.body, status, message);
      expect(await notificationCount()).toBe(0);
    });

    it('accepts a valid request with 202', async () => {
      const response = await supervisor.post('/api/system/test-email').send({ to: ' ops@example.com ', note: 'hi' }).expect(202);
      expect(response.body).toEqual({ notificationId: expect.any(Number) });
      const row = await stack.api.get(NotificationRepository).findById(response.body.notificationId);
      expect(row?.recipient).toBe('ops@example.com');
    });
  });

  describe('GET /api/notifications follows ra-data-simple-rest', () => {
    beforeEach(async () => {
      for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) {
        await supervisor.post('/api/system/test-email').send({ to }).expect(202);
      }
    });

    it('answers an array with a Content-Range header exposed to CORS', async () => {
      const response = await supervisor
        .get('/api/notifications')
        .query({ range: '[0,1]', sort: '["id","ASC"]', filter: '{"status":"queued"}' })
        .set('Origin', 'http://resetdesk.test')
        .expect(200);
      expect(response.headers['content-range']).toBe('notifications 0-1/3');
      expect(response.headers['access-control-expose-headers']).toContain('Content-Range');
      expect(response.body.map((n: { recipient: string }) => n.recipient)).toEqual(['a@example.com', 'b@example.com']);
      expect(response.body[0]).not.toHaveProperty('payload');
    });

    it('supports getMany by id list and free-text search', async () => {
      const all = await supervisor.get('/api/notifications').expect(200);
      const ids = all.body.map((n: { id: number }) => n.id).slice(0, 2);
      const many = await supervisor
        .get('/api/notifications')
        .query({ filter: JSON.stringify({ id: ids }) })
        .expect(200);
      expect(many.body).toHaveLength(2);
      const search = await supervisor.get('/api/notifications').query({ filter: '{"q":"b@exa"}' }).expect(200);
      expect(search.body.map((n: { recipient: string }) => n.recipient)).toEqual(['b@example.com']);
    });

    it.each([
      [{ range: '[0' }, /range is not valid JSON/],
      [{ range: '[10,0]' }, /range end must not be before its start/],
      [{ sort: '["payload","ASC"]' }, /Cannot sort by "payload"/],
      [{ filter: '{"status":"lost"}' }, /filter status must be one of queued, sent, failed/],
      [{ filter: '{"secret":"x"}' }, /Unknown filter "secret"/],
      [{ filter: 'not-json' }, /filter is not valid JSON/],
      [{ page: '1' }, /Unknown query parameter "page"/],
    ])('refuses %j with 400', async (query, message) => {
      const response = await supervisor.get('/api/notifications').query(query).expect(400);
      expectErrorBody(response.body, 400, message);
    });
  });

  describe('single notifications', () => {
    it('404 names the missing id; 400 for a non-numeric id', async () => {
      expectErrorBody((await supervisor.get('/api/notifications/999999').expect(404)).body, 404, /Notification 999999 does not exist/);
      expectErrorBody((await supervisor.get('/api/notifications/abc').expect(400)).body, 400, /id must be a positive whole number/);
      expectErrorBody((await supervisor.post('/api/notifications/999999/retry').expect(404)).body, 404, /does not exist/);
    });

    it('refuses to retry an email that has not failed, with 409, and changes nothing', async () => {
      const { body } = await supervisor.post('/api/system/test-email').send({ to: 'a@example.com' }).expect(202);
      const before = await supervisor.get(`/api/notifications/${body.notificationId}`).expect(200);
      const response = await supervisor.post(`/api/notifications/${body.notificationId}/retry`).expect(409);
      expectErrorBody(response.body, 409, /Only failed notifications can be retried; notification \d+ is queued/);
      const after = await supervisor.get(`/api/notifications/${body.notificationId}`).expect(200);
      expect(after.body).toEqual(before.body);
    });
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const response = await supervisor.get('/api/nope').expect(404);
    expectErrorBody(response.body, 404, /Cannot GET \/api\/nope/);
  });

  it('serves the OpenAPI document and UI at /api/docs', async () => {
    const document = await stack.http.get('/api/docs-json').expect(200);
    expect(document.body.paths).toHaveProperty('/api/notifications');
    expect(document.body.paths).toHaveProperty('/api/system/test-email');
    await stack.http.get('/api/docs').expect(200).expect('Content-Type', /html/);
    // The running server describes itself exactly as the checked-in contract the admin UI's types come from.
    expect(document.body).toEqual(JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')));
  });

  it('sends security headers', async () => {
    const response = await supervisor.get('/api/system/info').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it("answers with a request id, reusing the caller's when it sends one", async () => {
    const fresh = await supervisor.get('/api/system/info').expect(200);
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await supervisor.get('/api/system/info').set('X-Request-Id', 'support-ticket-42').expect(200);
    expect(echoed.headers['x-request-id']).toBe('support-ticket-42');
  });

  it('reports that the mailbox is off outside demo mode, with 404', async () => {
    expect((await supervisor.get('/api/system/info').expect(200)).body).toEqual({ mailCatcher: false, chatDelivery: false });
    expectErrorBody((await supervisor.get('/api/dev/mailbox').expect(404)).body, 404, /only in demo mode/);
  });

  it('exposes Prometheus metrics to local scrapers', async () => {
    await supervisor.get('/api/system/info').expect(200);
    // supertest connects over loopback: the local-scraper rule lets it in without a token.
    const response = await stack.http.get('/metrics').expect(200);
    expect(response.text).toContain('resetdesk_http_request_duration_seconds_bucket');
    expect(response.text).toMatch(/resetdesk_outbox_notifications\{status="queued"\} \d+/);
    expect(response.text).toMatch(/resetdesk_queue_jobs\{queue="mail",state="waiting"\} \d+/);
  });
});
