import { LiveBus } from '@resetdesk/core';
import { countSent, enqueueTestEmails, expectEachDeliveredOnce, expectPromptAnswersWithoutRedis } from '../support/deliveries';
import { PrivateRedisCluster } from '../support/private-redis-cluster';
import { missingSchedules } from '../support/schedules';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const EMAILS = 300;
const LIMIT = 6;
// This file's own prefix, in braces: a cluster hashes only the part in braces, so every key lands in one slot.
const PREFIX = `{${process.env.QUEUE_PREFIX}}`;

/**
 * The API and the worker on a real Redis Cluster of three primaries and three replicas (REDIS_CLUSTER_NODES):
 * queues, schedulers, limits and live events all work through a cluster client, with every key of the installation
 * in the one slot its hash-tagged QUEUE_PREFIX names; and when that slot's primary dies, its replica takes over
 * and nothing is lost or sent twice.
 */
describe('ResetDesk on a Redis Cluster', () => {
  let cluster: PrivateRedisCluster;
  let mailbox: TestMailbox;
  let stack: TestStack;

  beforeAll(async () => {
    [cluster, mailbox] = await Promise.all([PrivateRedisCluster.start(), TestMailbox.start()]);
    stack = await startTestStack({
      env: {
        REDIS_CLUSTER_NODES: cluster.nodes,
        QUEUE_PREFIX: PREFIX,
        SMTP_URL: mailbox.url,
        AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT),
        REMINDER_SCHEDULE: 'true',
        SCHEDULE_CHECK_MS: '1000',
        OUTBOX_SWEEP_AFTER_MS: '1000',
        MAIL_RETRY_BACKOFF_MS: '200',
        MAIL_RETRY_MAX_DELAY_MS: '1000',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await mailbox?.stop();
    await cluster?.stop();
  });

  beforeEach(async () => {
    await resetState(stack);
    mailbox.clear();
  });

  it('answers a forgot-password request through the portal and mail queues: the code arrives and sets the password', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    await admin
      .post('/api/accounts')
      .send({ username: 'cluster.holder', email: 'holder@example.com', displayName: 'Cluster Holder' })
      .expect(201);
    await stack.http.post('/api/self-service/forgot-password').send({ email: 'holder@example.com' }).expect(202);
    const mail = await mailbox.waitForMessage((message) => message.to.includes('holder@example.com'), 20_000);
    const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
    await stack.http
      .post('/api/self-service/forgot-password/verify')
      .send({ email: 'holder@example.com', code, newPassword: 'Granite-harbour-73-calm' })
      .expect(204);
  });

  it('sends 300 emails once each and keeps every scheduler, with every key of ours on one primary in one slot', async () => {
    await enqueueTestEmails(stack, EMAILS, 'c');
    await waitFor(async () => (await countSent(stack.dataSource)) === EMAILS, {
      what: `${EMAILS} emails`,
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    await expectEachDeliveredOnce(stack.dataSource, mailbox, EMAILS);

    await waitFor(async () => (await missingSchedules(stack)).length === 0, { what: 'every job scheduler', timeoutMs: 15_000 });
    const byNode = await cluster.keysByPrimary(PREFIX);
    const holders = Object.entries(byNode).filter(([, keys]) => keys.length > 0);
    expect(holders).toHaveLength(1);
    const [port, keys] = holders[0]!;
    const slots = await cluster.onNode(Number(port), (client) =>
      Promise.all([PREFIX, ...keys.slice(0, 50)].map((key) => client.cluster('KEYSLOT', key))),
    );
    expect(new Set(slots).size).toBe(1);
  }, 90_000);

  it('counts the per-address limit in the cluster: the attempt after the limit is refused', async () => {
    const wrong = (i: number) =>
      stack.http.post('/api/auth/login').send({ email: `nobody-${i}@example.com`, password: 'not-the-password-at-all' });
    for (let i = 0; i < LIMIT; i++) await wrong(i).expect(401);
    const refused = await wrong(LIMIT).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('carries live events between subscribers and publishers, and reports the cluster in health', async () => {
    const bus = stack.api.get(LiveBus);
    const received: unknown[] = [];
    let ready = false;
    const unsubscribe = bus.subscribe('cluster-test', (message) => received.push(message), { onReady: () => (ready = true) });
    try {
      await waitFor(() => ready, { what: 'the subscription' });
      await bus.publish('cluster-test', { hello: 'cluster' });
      await waitFor(() => received.length === 1, { what: 'the live event' });
      expect(received).toEqual([{ hello: 'cluster' }]);
    } finally {
      unsubscribe();
    }
    const health = await stack.http.get('/api/health').expect(200);
    expect(health.body.details.redis).toMatchObject({ status: 'up', memory: { policy: 'noeviction', persistence: { aof: false } } });
  });

  // Last: it leaves the cluster a primary short of a replica.
  it('loses the primary of our slot mid-burst: its replica takes over, every email goes out once, the schedulers survive', async () => {
    await enqueueTestEmails(stack, EMAILS, 'f');
    await waitFor(() => mailbox.messages.length >= 30, { what: 'the burst to be under way', timeoutMs: 30_000, intervalMs: 10 });
    const killed = await cluster.killPrimaryOf(PREFIX);
    const killedAt = Date.now();

    // While the slot has no primary.
    await expectPromptAnswersWithoutRedis(stack);

    await cluster.waitForPromotion(PREFIX, killed);
    const promotedMs = Date.now() - killedAt;
    await waitFor(async () => (await stack.http.get('/api/health')).status === 200, {
      what: 'health up',
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const healthyMs = Date.now() - killedAt;
    await waitFor(async () => (await countSent(stack.dataSource)) === EMAILS, {
      what: `${EMAILS} emails sent`,
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const deliveredMs = Date.now() - killedAt;
    await expectEachDeliveredOnce(stack.dataSource, mailbox, EMAILS);
    await waitFor(async () => (await missingSchedules(stack)).length === 0, {
      what: 'every job scheduler after the failover',
      timeoutMs: 20_000,
    });
    console.log(
      `Redis Cluster failover (primary of the slot SIGKILLed, cluster-node-timeout 2000): replica promoted after ${promotedMs} ms, ` +
        `health up at ${healthyMs} ms, all ${EMAILS} emails delivered at ${deliveredMs} ms`,
    );
  }, 90_000);
});
