import { signedWebhookHeaders } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { PrivateRedis } from '../support/private-redis';
import { signedIn } from '../support/staff';
import { metricValue } from '../support/metrics';
import { TcpProxy } from '../support/tcp-proxy';
import { currentTestDatabaseUrl } from '../support/test-env';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** An outage answer: 503 with Retry-After, in the usual error shape; never a 500. */
function expectOutage(response: { status: number; headers: Record<string, string>; body: unknown }) {
  expect(response.status).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.body).toMatchObject({
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'SERVICE_UNAVAILABLE',
    message: expect.stringMatching(/unavailable/),
  });
}

/** The issue asks for an answer within a second; supertest aborts the request past that. */
const METRICS_DEADLINE_MS = 1000;

describe('database outage', () => {
  let proxy: TcpProxy;
  let stack: TestStack;
  let api: ReturnType<typeof as>;

  beforeAll(async () => {
    const database = new URL(currentTestDatabaseUrl());
    proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 3306) });
    database.host = `127.0.0.1:${proxy.port}`;
    stack = await startTestStack({ worker: false, env: { DATABASE_URL: database.toString() } });
    await resetState(stack);
    api = as(stack, (await signedIn(stack, 'supervisor')).token);
  });

  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await stack.close();
    await proxy.stop();
  });

  it('answers 503 with Retry-After on every kind of route while the database is gone, and 200 again once it is back', async () => {
    await api.get('/api/tickets').expect(200);
    await proxy.cut();

    const during = await Promise.all([
      ...Array.from({ length: 10 }, () => api.get('/api/tickets')),
      ...Array.from({ length: 5 }, () => api.get('/api/accounts')),
      ...Array.from({ length: 5 }, () =>
        stack.http.post('/api/auth/login').send({ email: 'someone@example.com', password: 'whatever-it-is' }),
      ),
    ]);
    for (const response of during) expectOutage(response);

    const metrics = await stack.http.get('/metrics').timeout(METRICS_DEADLINE_MS).expect(200);
    expect(metricValue(metrics.text, 'resetdesk_metrics_source_up{source="database"}')).toBe(0);
    expect(metricValue(metrics.text, 'resetdesk_metrics_source_up{source="redis"}')).toBe(1);

    await proxy.restore();
    await waitFor(async () => (await api.get('/api/tickets')).status === 200, { what: 'the API to reach the database again' });
    await api.get('/api/accounts').expect(200);
  });
});

describe('Redis outage', () => {
  let redis: PrivateRedis;
  let stack: TestStack;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    stack = await startTestStack({ worker: false, env: { REDIS_URL: redis.url } });
    await resetState(stack);
  });

  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  function chatMessage(chatId: string) {
    const secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
    const body = JSON.stringify({ chatId, text: 'hello' });
    return stack.http.post('/api/integrations/chat').set(signedWebhookHeaders(secret, body)).send(body);
  }

  const limitedRoutes = () => [
    stack.http.post('/api/self-service/forgot-password').send({ email: 'dana@example.com' }),
    stack.http.post('/api/self-service/tickets').send({ email: 'dana@example.com', subject: 'Locked out' }),
    stack.http
      .post('/api/self-service/change-password')
      .send({ username: 'dreyes', currentPassword: 'x', newPassword: 'Another-pass-2026!', confirmPassword: 'Another-pass-2026!' }),
    chatMessage('U1042'),
    // The per-address limits count in Redis too (shared by every API instance): staff sign-in waits for it.
    stack.http.post('/api/auth/login').send({ email: 'agent@example.com', password: 'not-the-password-at-all' }),
  ];

  it('answers 503 with Retry-After (not 500, not a hang) on every route its rate limits guard, and serves again once Redis is back', async () => {
    await stack.http.post('/api/self-service/forgot-password').send({ email: 'before@example.com' }).expect(202);
    await redis.crash();

    // Each request must be refused promptly: supertest aborts it after 5 s (the old limiter hung for 40).
    const during = await Promise.all(limitedRoutes().map((call) => call.timeout(5000)));
    for (const response of during) expectOutage(response);

    await redis.resume();
    await waitFor(
      async () => (await stack.http.post('/api/self-service/forgot-password').send({ email: 'after@example.com' })).status === 202,
      {
        what: 'the limiter to reach Redis again',
      },
    );
  });

  it('answers /metrics within a second with the database-side counts and a gauge naming Redis as unread', async () => {
    await redis.crash();
    try {
      const response = await stack.http.get('/metrics').timeout(METRICS_DEADLINE_MS).expect(200);
      expect(metricValue(response.text, 'resetdesk_metrics_source_up{source="redis"}')).toBe(0);
      expect(metricValue(response.text, 'resetdesk_metrics_source_up{source="database"}')).toBe(1);
      expect(response.text).toMatch(/resetdesk_outbox_notifications\{status="queued"\} \d+/);
      expect(response.text).not.toMatch(/resetdesk_queue_jobs\{/);
    } finally {
      await redis.resume();
    }
  });
});

describe('Redis configured against BullMQ', () => {
  let redis: PrivateRedis;
  let stack: TestStack;
  let supervisor: ReturnType<typeof as>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // The private server's own settings, as if started with --maxmemory-policy allkeys-lru --maxmemory 64mb.
    await redis.command((client) => client.config('SET', 'maxmemory-policy', 'allkeys-lru'));
    await redis.command((client) => client.config('SET', 'maxmemory', String(64 * 1024 * 1024)));
    stack = await startTestStack({ worker: false, env: { REDIS_URL: redis.url } });
    await resetState(stack);
    supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
  });

  afterAll(async () => {
    await stack.close();
    await redis.stop();
  });

  it('reports an evicting maxmemory-policy as degraded in health, on the System status and in a metric', async () => {
    const health = await stack.http.get('/api/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      details: {
        redis: {
          status: 'degraded',
          message: expect.stringMatching(/maxmemory-policy is allkeys-lru; BullMQ needs noeviction/),
          memory: { policy: 'allkeys-lru', maxBytes: 64 * 1024 * 1024 },
        },
      },
    });

    const status = await supervisor.get('/api/system/status').expect(200);
    expect(status.body.redis).toMatchObject({
      status: 'degraded',
      message: expect.stringMatching(/noeviction/),
      memory: { policy: 'allkeys-lru' },
    });

    const metrics = await stack.http.get('/metrics').expect(200);
    expect(metricValue(metrics.text, 'resetdesk_redis_eviction_policy_ok{policy="allkeys-lru"}')).toBe(0);
    expect(metricValue(metrics.text, 'resetdesk_redis_memory_max_bytes')).toBe(64 * 1024 * 1024);
  });

  it('reports a Redis close to maxmemory as degraded, and a healthy one as up', async () => {
    await redis.command((client) => client.config('SET', 'maxmemory-policy', 'noeviction'));
    const healthy = await stack.http.get('/api/health').expect(200);
    expect(healthy.body).toMatchObject({ status: 'ok', details: { redis: { status: 'up', memory: { policy: 'noeviction' } } } });
    expect(
      metricValue((await stack.http.get('/metrics').expect(200)).text, 'resetdesk_redis_eviction_policy_ok{policy="noeviction"}'),
    ).toBe(1);

    // A ballast key makes used_memory a stable figure: without it a megabyte or so of client buffers and job keys
    // moves by more than the headroom between "at 95 %" and "under 90 %" while the request is answered.
    await redis.command((client) => client.set('health-ballast', 'x'.repeat(16 * 1024 * 1024)));
    const used = Number(/used_memory:(\d+)/.exec(await redis.command((client) => client.info('memory')))?.[1]);
    await redis.command((client) => client.config('SET', 'maxmemory', String(Math.ceil(used * 1.03))));
    try {
      const full = await supervisor.get('/api/system/status').expect(200);
      expect(full.body.redis).toMatchObject({
        status: 'degraded',
        message: expect.stringMatching(/% of maxmemory; at the limit it refuses new jobs/),
      });
    } finally {
      await redis.command((client) => client.config('SET', 'maxmemory', '0'));
      await redis.command((client) => client.del('health-ballast'));
    }
  });
});
