import { getQueueToken } from '@nestjs/bullmq';
import { AuditAction } from '@resetdesk/audit';
import { MailJobName, QueueName } from '@resetdesk/core';
import { notificationJobId, NotificationRepository, OutboxService } from '@resetdesk/mail';
import { Queue } from 'bullmq';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { sleep, waitFor } from '../support/wait-for';

describe('mail outbox', () => {
  let mailbox: TestMailbox;
  let stack: TestStack;
  let outbox: OutboxService;
  let notifications: NotificationRepository;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    stack = await startTestStack({
      env: { SMTP_URL: mailbox.url, OUTBOX_SWEEP_AFTER_MS: '1000', MAIL_RETRY_ATTEMPTS: '3', MAIL_RETRY_MAX_DELAY_MS: '100' },
    });
    outbox = stack.api.get(OutboxService);
    notifications = stack.api.get(NotificationRepository);
  });

  afterAll(async () => {
    await stack.close();
    await mailbox.stop();
  });

  beforeEach(async () => {
    await resetState(stack);
    mailbox.clear();
    if (!(await isListening(mailbox))) await mailbox.resume();
  });

  /** A freshly signed-in supervisor (tables are emptied between tests). */
  const staffApi = async () => as(stack, (await signedIn(stack, 'supervisor')).token);

  async function statusOf(id: number) {
    return (await notifications.findById(id))?.status;
  }

  it('sends nothing when the transaction that wrote the email rolls back', async () => {
    await expect(
      stack.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, { kind: 'test-email', to: 'rollback@example.com', data: { requestedAt: 'now' } });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');

    await sleep(500);
    const [rows, total] = await notifications.list({ filter: {}, sort: { field: 'id', order: 'ASC' }, skip: 0, take: 10 });
    expect(total).toBe(0);
    expect(rows).toEqual([]);
    expect(await stack.mailQueue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
    expect(mailbox.messagesTo('rollback@example.com')).toHaveLength(0);
  });

  it('delivers exactly one HTML and text message once the transaction commits', async () => {
    const id = await stack.dataSource.transaction((manager) =>
      outbox.enqueue(manager, { kind: 'test-email', to: 'commit@example.com', data: { requestedAt: 'now', note: 'hello' } }),
    );
    const message = await mailbox.waitForMessage((m) => m.to.includes('commit@example.com'));
    expect(message.subject).toBe('ResetDesk test email');
    expect(message.html).toContain('Outgoing mail works');
    expect(message.text).toContain('hello');

    await waitFor(async () => (await statusOf(id!)) === 'sent', { what: 'the row to be marked sent' });
    await sleep(300);
    expect(mailbox.messagesTo('commit@example.com')).toHaveLength(1);
    const row = await notifications.findById(id!);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
    expect(row!.payload).not.toContain('hello');
  });

  it('writes nothing twice for the same dedupe key', async () => {
    const send = () =>
      stack.dataSource.transaction((manager) =>
        outbox.enqueue(manager, { kind: 'test-email', to: 'once@example.com', data: { requestedAt: 'now' }, dedupeKey: 'test:once' }),
      );
    const first = await send();
    const second = await send();
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    await mailbox.waitForMessage((m) => m.to.includes('once@example.com'));
    await sleep(300);
    expect(mailbox.messagesTo('once@example.com')).toHaveLength(1);
  });

  it('retries with capped backoff while SMTP is down, marks the email failed after MAIL_RETRY_ATTEMPTS, and a retry delivers it once', async () => {
    await mailbox.pause();
    const { body } = await (await staffApi()).post('/api/system/test-email').send({ to: 'outage@example.com' }).expect(202);
    const id = body.notificationId as number;

    const failed = await waitFor(
      async () => {
        const row = await notifications.findById(id);
        return row?.status === 'failed' ? row : undefined;
      },
      { timeoutMs: 15_000, what: 'the email to fail after three attempts' },
    );
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);

    await mailbox.resume();
    const retried = await (await staffApi()).post(`/api/notifications/${id}/retry`).expect(202);
    expect(retried.body).toMatchObject({ id, status: 'queued' });

    await mailbox.waitForMessage((m) => m.to.includes('outage@example.com'));
    await waitFor(async () => (await statusOf(id)) === 'sent', { what: 'the retried email to be sent' });
    await sleep(300);
    expect(mailbox.messagesTo('outage@example.com')).toHaveLength(1);
    await (await staffApi()).post(`/api/notifications/${id}/retry`).expect(409);
  });

  it('retries every failed email at once for a supervisor, audited, and each is delivered once', async () => {
    await mailbox.pause();
    const recipients = Array.from({ length: 12 }, (_, i) => `outage${i}@example.com`);
    await stack.dataSource.transaction(async (manager) => {
      for (const to of recipients) await outbox.enqueue(manager, { kind: 'test-email', to, data: { requestedAt: 'now' } });
    });
    await waitFor(async () => (await notifications.countByStatus()).failed === recipients.length, {
      timeoutMs: 15_000,
      what: 'every email to fail',
    });
    await mailbox.resume();

    await as(stack, (await signedIn(stack, 'agent')).token)
      .post('/api/notifications/retry-failed')
      .expect(403);
    const supervisor = await signedIn(stack, 'supervisor');
    const answer = await as(stack, supervisor.token).post('/api/notifications/retry-failed').expect(202);
    expect(answer.body).toEqual({ retried: recipients.length });
    await waitFor(async () => (await notifications.countByStatus()).sent === recipients.length, { what: 'every retried email to be sent' });
    await sleep(300);
    for (const to of recipients) expect(mailbox.messagesTo(to)).toHaveLength(1);

    const [event] = await stack.dataSource.query('SELECT actor_id AS actorId, details FROM audit_events WHERE action = ?', [
      AuditAction.NotificationsRetriedAllFailed,
    ]);
    expect(Number(event.actorId)).toBe(supervisor.id);
    expect(typeof event.details === 'string' ? JSON.parse(event.details) : event.details).toMatchObject({ count: recipients.length });
    // Nothing failed is left: a second press retries nothing.
    expect((await as(stack, supervisor.token).post('/api/notifications/retry-failed').expect(202)).body).toEqual({ retried: 0 });
  });

  it('re-queues an email whose job was lost from Redis and delivers it once', async () => {
    // Hold the worker back so the job can be deleted before it runs.
    const worker = stack.worker!;
    const workerQueue = worker.get<Queue>(getQueueToken(QueueName.Mail));
    await workerQueue.pause();
    try {
      const id = await stack.dataSource.transaction((manager) =>
        outbox.enqueue(manager, { kind: 'test-email', to: 'lost@example.com', data: { requestedAt: 'now' } }),
      );
      const job = await waitFor(() => stack.mailQueue.getJob(notificationJobId(id!)), { what: 'the queued job' });
      await job.remove();
      expect(await stack.mailQueue.getJob(notificationJobId(id!))).toBeUndefined();

      await sleep(1100); // past OUTBOX_SWEEP_AFTER_MS
      expect(await outbox.sweep()).toBe(1);
      expect(await outbox.sweep()).toBe(0); // just touched: not stale any more
    } finally {
      await workerQueue.resume();
    }
    await mailbox.waitForMessage((m) => m.to.includes('lost@example.com'));
    await sleep(300);
    expect(mailbox.messagesTo('lost@example.com')).toHaveLength(1);
  });

  it('does nothing when a job runs for an email that is already sent', async () => {
    const id = await stack.dataSource.transaction((manager) =>
      outbox.enqueue(manager, { kind: 'test-email', to: 'twice@example.com', data: { requestedAt: 'now' } }),
    );
    await waitFor(async () => (await statusOf(id!)) === 'sent', { what: 'the first delivery' });
    await stack.mailQueue.add(MailJobName.SendNotification, { notificationId: id! }, { jobId: `${notificationJobId(id!)}-again` });
    await waitFor(async () => (await stack.mailQueue.getJobCounts('waiting', 'active')).waiting === 0, { what: 'the extra job' });
    await sleep(300);
    expect(mailbox.messagesTo('twice@example.com')).toHaveLength(1);
  });
});

async function isListening(mailbox: TestMailbox): Promise<boolean> {
  const { createConnection } = await import('node:net');
  const port = Number(new URL(mailbox.url).port);
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
