import { AfterCommit, Clock, DataCipher, MailJobName } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { CAPPED_EXPONENTIAL } from './jobs/mail-job.types';
import { MailException } from './mail.exception';
import { NotificationEntity } from './notification.entity';
import { NotificationRepository } from './notification.repository';
import { OutboxService } from './outbox.service';

describe(OutboxService.name, () => {
  const now = new Date('2026-11-26T08:00:00Z');
  let sut: OutboxService;
  let queue: { addBulk: jest.Mock };
  let notifications: jest.Mocked<
    Pick<NotificationRepository, 'insertQueued' | 'requeueFailed' | 'findById' | 'findStaleQueuedIds' | 'touchQueuedAt'>
  >;
  // Outside a transaction, after-commit work runs at once.
  const afterCommit = { run: jest.fn(async (_manager: EntityManager, hook: () => Promise<void>) => hook()) };

  beforeEach(() => {
    queue = { addBulk: jest.fn().mockResolvedValue([]) };
    notifications = {
      insertQueued: jest.fn().mockResolvedValue(7),
      requeueFailed: jest.fn(),
      findById: jest.fn(),
      findStaleQueuedIds: jest.fn(),
      touchQueuedAt: jest.fn(),
    };
    sut = new OutboxService(
      notifications as unknown as NotificationRepository,
      afterCommit as unknown as AfterCommit,
      new DataCipher({ dataKey: Buffer.alloc(32, 1) }),
      { now: () => now } as Clock,
      queue as unknown as Queue,
      {
        retryBackoffMs: 5000,
        retryAttempts: 30,
        retryMaxDelayMs: 3_600_000,
        sweepAfterMs: 60_000,
        smtpUrl: '',
        from: '',
        catcher: { enabled: false, port: 0 },
      },
    );
  });

  it('writes the row with an encrypted payload and its rendered subject', async () => {
    await sut.enqueue({} as EntityManager, { kind: 'test-email', to: 'a@example.com', data: { requestedAt: 'now', note: 'secret-ish' } });
    const [, row] = notifications.insertQueued.mock.calls[0]!;
    expect(row).toMatchObject({ kind: 'test-email', recipient: 'a@example.com', subject: 'ResetDesk test email', dedupeKey: null });
    expect(row.payload).not.toContain('secret-ish');
  });

  it('queues one job per row, keyed by the row id, with the configured attempts and capped exponential backoff', async () => {
    await sut.enqueue({} as EntityManager, { kind: 'test-email', to: 'a@example.com', data: { requestedAt: 'now' } });
    expect(queue.addBulk).toHaveBeenCalledWith([
      {
        name: MailJobName.SendNotification,
        data: { notificationId: 7, retryMaxDelayMs: 3_600_000 },
        opts: expect.objectContaining({ jobId: 'notification-7', attempts: 30, backoff: { type: CAPPED_EXPONENTIAL, delay: 5000 } }),
      },
    ]);
  });

  it('does not queue anything when the dedupe key was already used', async () => {
    notifications.insertQueued.mockResolvedValue(null);
    expect(
      await sut.enqueue({} as EntityManager, { kind: 'test-email', to: 'a@example.com', data: { requestedAt: 'now' }, dedupeKey: 'k' }),
    ).toBeNull();
    expect(queue.addBulk).not.toHaveBeenCalled();
  });

  it('keeps the row when Redis refuses the job: the sweeper will pick it up', async () => {
    queue.addBulk.mockRejectedValue(new Error('Connection is closed'));
    await expect(sut.dispatch([7])).resolves.toBeUndefined();
  });

  it('refuses to retry a notification that has not failed', async () => {
    notifications.requeueFailed.mockResolvedValue(false);
    notifications.findById.mockResolvedValue({ id: 7, status: 'sent' } as NotificationEntity);
    await expect(sut.retry({} as EntityManager, 7)).rejects.toThrow(
      new MailException('NOTIFICATION_NOT_RETRYABLE', 'Only failed notifications can be retried; notification 7 is sent'),
    );
    notifications.findById.mockResolvedValue(null);
    await expect(sut.retry({} as EntityManager, 8)).rejects.toThrow('Notification 8 does not exist');
    expect(queue.addBulk).not.toHaveBeenCalled();
  });

  it('sweeps rows queued longer than the sweep delay and marks them queued now', async () => {
    notifications.findStaleQueuedIds.mockResolvedValueOnce([3, 4]);
    expect(await sut.sweep()).toBe(2);
    expect(notifications.findStaleQueuedIds).toHaveBeenCalledWith(new Date('2026-11-26T07:59:00Z'), 500);
    expect(notifications.touchQueuedAt).toHaveBeenCalledWith([3, 4], now);
  });
});
