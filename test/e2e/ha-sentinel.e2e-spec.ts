import { ReminderScanService } from '@resetdesk/reminders';
import { insertAccountsDueReminders } from '../support/bulk-accounts';
import { countSent, enqueueTestEmails, expectEachDeliveredOnce, expectPromptAnswersWithoutRedis } from '../support/deliveries';
import { PrivateSentinelRedis } from '../support/private-sentinel';
import { TestMailbox } from '../support/smtp-sink';
import { missingSchedules as missingSchedulesOf } from '../support/schedules';
import { resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

const EMAILS = 200;
const REMINDED = 150;

/**
 * Redis with Sentinel: a primary, a replica, three sentinels. The primary is
 * killed in the middle of a burst of emails and a reminder scan; Sentinel
 * promotes the replica and the API and the worker find it by themselves.
 */
describe('Redis Sentinel failover under a live API and worker', () => {
  let redis: PrivateSentinelRedis;
  let mailbox: TestMailbox;
  let stack: TestStack;

  beforeAll(async () => {
    [redis, mailbox] = await Promise.all([PrivateSentinelRedis.start(), TestMailbox.start()]);
    stack = await startTestStack({
      env: {
        ...redis.env(),
        SMTP_URL: mailbox.url,
        OUTBOX_SWEEP_AFTER_MS: '1000',
        SCHEDULE_CHECK_MS: '1000',
        MAIL_RETRY_BACKOFF_MS: '200',
        MAIL_RETRY_MAX_DELAY_MS: '1000',
        REMINDER_SCHEDULE: 'true',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await mailbox?.stop();
    await redis?.stop();
  });

  const missingSchedules = () => missingSchedulesOf(stack);

  const redisHealthy = async () => {
    const response = await stack.http.get('/api/health');
    return response.status === 200 && response.body.details?.redis?.status === 'up';
  };

  /**
   * Queues `emails` test emails (and a reminder scan of `reminded` due accounts), switches the primary once the
   * burst is under way, and proves the rest: answers during the switch, health back, every email delivered once,
   * every schedule still there. Returns the milliseconds from the switch to the new primary, to health up and to
   * the last delivery.
   */
  async function burstAcrossSwitch(switchPrimary: () => Promise<number>, emails: number, reminded: number) {
    await resetState(stack);
    mailbox.clear();
    await waitFor(async () => (await missingSchedules()).length === 0, { what: 'every job scheduler', timeoutMs: 15_000 });
    expect(await redisHealthy()).toBe(true);
    await insertAccountsDueReminders((sql, params) => stack.dataSource.query(sql, params), reminded, 'sentinel');
    await enqueueTestEmails(stack, emails);
    const scan = stack.worker!.get(ReminderScanService).run({ trigger: 'cli' });

    // Mid-burst: some delivered, most still to go.
    await waitFor(() => mailbox.messages.length >= 40, { what: 'the burst to be under way', timeoutMs: 30_000, intervalMs: 10 });
    const oldPrimary = await switchPrimary();
    const switchedAt = Date.now();

    await expectPromptAnswersWithoutRedis(stack);

    await redis.waitForNewPrimary(oldPrimary);
    const promotedMs = Date.now() - switchedAt;
    await waitFor(redisHealthy, { what: 'health to report Redis up again', timeoutMs: 30_000, intervalMs: 100 });
    const healthyMs = Date.now() - switchedAt;
    await stack.http.post('/api/self-service/forgot-password').send({ email: 'after.failover@example.com' }).expect(202);

    expect((await scan).queued).toBe(reminded);
    const total = emails + reminded;
    await waitFor(async () => (await countSent(stack.dataSource)) === total, {
      what: `${total} emails sent`,
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    const deliveredMs = Date.now() - switchedAt;
    await expectEachDeliveredOnce(stack.dataSource, mailbox, total);

    await waitFor(async () => (await missingSchedules()).length === 0, {
      what: 'every job scheduler after the failover',
      timeoutMs: 15_000,
    });
    return { promotedMs, healthyMs, deliveredMs, total };
  }

  // First: it needs both servers up, and the kill below leaves one.
  it('planned switchover: the demoted primary answers READONLY and every client moves to the new one', async () => {
    const { promotedMs, healthyMs, deliveredMs, total } = await burstAcrossSwitch(() => redis.switchPrimary(), EMAILS, 0);
    console.log(
      `Sentinel switchover (SENTINEL FAILOVER): new primary after ${promotedMs} ms, health up at ${healthyMs} ms, all ${total} emails delivered at ${deliveredMs} ms`,
    );
  }, 90_000);

  it('primary killed: the replica is promoted; every email and reminder is delivered once, the schedules survive, health is back', async () => {
    const { promotedMs, healthyMs, deliveredMs, total } = await burstAcrossSwitch(() => redis.killPrimary(), EMAILS, REMINDED);
    console.log(
      `Sentinel failover (primary SIGKILLed): replica promoted after ${promotedMs} ms, health up at ${healthyMs} ms, ` +
        `all ${total} emails delivered at ${deliveredMs} ms (down-after-milliseconds 1000)`,
    );
  }, 90_000);
});
