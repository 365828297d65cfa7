import { getQueueToken } from '@nestjs/bullmq';
import { PasswordHasher, QueueName } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { Queue } from 'bullmq';
import { PrivateRedis } from '../support/private-redis';
import { TestMailbox } from '../support/smtp-sink';
import { missingSchedules as missingSchedulesOf } from '../support/schedules';
import { resetState, startTestStack, TestStack } from '../support/test-stack';
import { sleep, waitFor } from '../support/wait-for';

const EMAILS = 150;

/**
 * Redis loses everything under a running worker — a FLUSHALL, or a restart
 * without persistence — and the database-side outbox still gets every email
 * out and every schedule back. Against a redis-server of this test's own.
 */
describe('losing Redis under a live worker', () => {
  let redis: PrivateRedis;
  let mailbox: TestMailbox;
  let stack: TestStack;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    mailbox = await TestMailbox.start();
    stack = await startTestStack({
      env: {
        REDIS_URL: redis.url,
        SMTP_URL: mailbox.url,
        OUTBOX_SWEEP_AFTER_MS: '1000',
        SCHEDULE_CHECK_MS: '1000',
        REMINDER_SCHEDULE: 'true',
      },
    });
  });

  afterAll(async () => {
    await stack?.close();
    await mailbox?.stop();
    await redis?.stop();
  });

  beforeEach(async () => {
    await resetState(stack);
    mailbox.clear();
  });

  const queue = (name: QueueName) => stack.api.get<Queue>(getQueueToken(name));

  const missingSchedules = () => missingSchedulesOf(stack);

  async function addAccount(email: string): Promise<void> {
    const now = new Date();
    const hash = await stack.api.get(PasswordHasher).hash('Known-password-2026!');
    await stack.dataSource.query(
      'INSERT INTO accounts (username, email, display_name, password_hash, password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [email.split('@')[0], email, 'Flush Test', hash, now, now, now],
    );
  }

  /** Writes `count` emails through the outbox while the mail queue is paused, so their jobs wait in Redis. */
  async function queueEmailsHeldInRedis(count: number, to: (i: number) => string): Promise<void> {
    const outbox = stack.api.get(OutboxService);
    await stack.dataSource.transaction(async (manager) => {
      for (let i = 0; i < count; i++) await outbox.enqueue(manager, { kind: 'test-email', to: to(i), data: { requestedAt: 'now' } });
    });
  }

  async function statusCounts(table: 'notifications' | 'portal_requests'): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: string }> = await stack.dataSource.query(
      `SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  }

  it('after a FLUSHALL delivers every queued email, forgot-password code and support ticket, and every schedule is back', async () => {
    // resetState obliterated two queues, schedulers included: the keeper has already put them back, or does so now.
    await waitFor(async () => (await missingSchedules()).length === 0, { what: 'every job scheduler' });
    await addAccount('flush.known@example.com');
    await queue(QueueName.Mail).pause();
    await queue(QueueName.SelfService).pause();

    await queueEmailsHeldInRedis(EMAILS, (i) => `flush${i}@example.com`);
    await stack.http.post('/api/self-service/forgot-password').send({ email: 'flush.known@example.com' }).expect(202);
    await stack.http.post('/api/self-service/forgot-password').send({ email: 'flush.unknown@example.com' }).expect(202);
    await stack.http
      .post('/api/self-service/tickets')
      .send({ email: 'flush.known@example.com', subject: 'Locked out', callbackPhone: '+49 30 1234 5678' })
      .expect(202);
    await waitFor(async () => (await queue(QueueName.Mail).getJobCounts('waiting')).waiting >= EMAILS, {
      what: 'the jobs to wait in Redis',
    });
    expect(await queue(QueueName.SelfService).getJobCounts('waiting')).toMatchObject({ waiting: 3 });
    await sleep(1100); // past OUTBOX_SWEEP_AFTER_MS: the rows are what a sweeper looks for

    const removed = await redis.flushAll();
    const flushedAt = Date.now();
    // The held jobs were in Redis when it lost everything (counted atomically with the flush: the live worker and its
    // schedule keeper write keys of their own again within a second, so nothing after the flush can be counted on).
    expect(removed).toBeGreaterThanOrEqual(EMAILS);

    await waitFor(async () => (await missingSchedules()).length === 0, { timeoutMs: 15_000, what: 'every job scheduler to be back' });
    await waitFor(async () => (await statusCounts('notifications')).sent === EMAILS + 2, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'every email to be sent',
    });
    console.log(
      `${EMAILS + 2} emails delivered ${Date.now() - flushedAt} ms after the flush (SCHEDULE_CHECK_MS and OUTBOX_SWEEP_AFTER_MS 1000)`,
    );
    expect(new Set(mailbox.messages.filter((m) => /flush\d+@/.test(m.to.join(','))).map((m) => m.to.join(','))).size).toBe(EMAILS);
    const code = await mailbox.waitForMessage((m) => m.to.includes('flush.known@example.com') && m.subject === 'Your password reset code');
    expect(code.text).toMatch(/\b\d{6}\b/);
    expect(await statusCounts('portal_requests')).toEqual({ processed: 3 });
    // The contact-support request came back from its row: the ticket, with the way back it asked for.
    const [ticket] = await stack.dataSource.query(
      "SELECT channel, callback_phone AS callbackPhone FROM tickets WHERE subject = 'Locked out'",
    );
    expect(ticket).toEqual({ channel: 'portal', callbackPhone: '+49 30 1234 5678' });
    await mailbox.waitForMessage((m) => m.to.includes('flush.known@example.com') && /^Support ticket #\d+ opened/.test(m.subject));
    expect(mailbox.messagesTo('flush.unknown@example.com')).toHaveLength(0);
  }, 120_000);

  it('after a Redis restart without persistence delivers what was written during the outage, and every schedule is back', async () => {
    await redis.crash();
    // Written while Redis is away: the rows commit, their jobs cannot be queued.
    await queueEmailsHeldInRedis(20, (i) => `restart${i}@example.com`);
    await redis.resume();

    await waitFor(async () => (await missingSchedules().catch(() => ['redis not back'])).length === 0, {
      timeoutMs: 30_000,
      what: 'every job scheduler to be back',
    });
    await waitFor(async () => (await statusCounts('notifications')).sent === 20, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'every email to be sent',
    });
    await sleep(300);
    expect(mailbox.messages.filter((m) => /restart\d+@/.test(m.to.join(',')))).toHaveLength(20);
  }, 120_000);
});
