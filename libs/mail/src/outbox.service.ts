import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addWithinTime,
  AfterCommit,
  Clock,
  DataCipher,
  mailConfig,
  MailConfigType,
  MailJobName,
  OUTBOX_SWEEP_PAGE,
  QueueName,
  requeueStalePages,
} from '@resetdesk/core';
import { Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { CAPPED_EXPONENTIAL, notificationJobId, SendNotificationJobData } from './jobs/mail-job.types';
import { MailException, MailErrorCode } from './mail.exception';
import { NotificationChannel, NotificationEntity } from './notification.entity';
import { NewNotification, NotificationRepository } from './notification.repository';
import { hasChatTemplate, MailDataByKind, MailKind, renderSubject } from './templates';

export interface OutgoingMail<K extends MailKind> {
  kind: K;
  /** email (default): `to` is an address; chat: `to` is a linked chat id. */
  channel?: NotificationChannel;
  to: string;
  data: MailDataByKind[K];
  accountId?: number | null;
  /** Makes the email happen at most once for this key (e.g. `reminder:42:v3:7`). */
  dedupeKey?: string;
  /** Expiry reminders: the days-before-expiry milestone, for the delivery log. */
  milestone?: number | null;
}

/**
 * The transactional outbox. `enqueue` writes the row with the caller's
 * manager, so it commits or rolls back with the action; the job is queued
 * only after commit, with the row id as job id.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly afterCommit: AfterCommit,
    private readonly cipher: DataCipher,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<SendNotificationJobData>,
    @Inject(mailConfig.KEY) private readonly config: MailConfigType,
  ) {}

  /** Writes the outbox row; returns its id, or null when the dedupe key was already used. */
  async enqueue<K extends MailKind>(manager: EntityManager, mail: OutgoingMail<K>): Promise<number | null> {
    const id = await this.notifications.insertQueued(manager, this.toRow(mail), this.clock.now());
    if (id !== null) this.afterCommit.run(manager, () => this.dispatch([id]));
    return id;
  }

  /**
   * Writes many rows in one statement inside the caller's transaction; a
   * dedupe key already used writes nothing. Returns the ids written now.
   * Dispatch is the caller's: it awaits `dispatch(ids)` after commit, so a
   * long bulk run never gets ahead of Redis (the sweeper is the backstop).
   */
  async enqueueMany<K extends MailKind>(manager: EntityManager, mails: Array<OutgoingMail<K> & { dedupeKey: string }>): Promise<number[]> {
    return this.notifications.insertManyQueued(
      manager,
      mails.map((mail) => ({ ...this.toRow(mail), dedupeKey: mail.dedupeKey })),
      this.clock.now(),
    );
  }

  private toRow<K extends MailKind>(mail: OutgoingMail<K>): NewNotification {
    const channel = mail.channel ?? 'email';
    if (channel === 'chat' && !hasChatTemplate(mail.kind)) throw new Error(`Notification kind "${mail.kind}" cannot be sent by chat`);
    return {
      kind: mail.kind,
      channel,
      milestone: mail.milestone ?? null,
      recipient: mail.to,
      subject: renderSubject(mail.kind, mail.data),
      payload: this.cipher.encryptJson(mail.data),
      accountId: mail.accountId ?? null,
      dedupeKey: mail.dedupeKey ?? null,
    };
  }

  /** Hands rows to the queue. Never throws: a row that misses the queue is picked up by the sweeper. */
  async dispatch(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.addJobs(ids);
    } catch (error) {
      this.logger.warn(`Could not queue notifications ${ids.join(', ')}; the outbox sweeper will retry: ${String(error)}`);
    }
  }

  /**
   * One job per row, id `notification-<id>`: adding it again while it waits
   * or backs off is a no-op. MAIL_RETRY_ATTEMPTS tries, doubling from
   * MAIL_RETRY_BACKOFF_MS up to MAIL_RETRY_MAX_DELAY_MS apart, so an SMTP
   * outage of hours still ends in delivery.
   */
  private async addJobs(ids: number[]): Promise<void> {
    for (let start = 0; start < ids.length; start += OUTBOX_SWEEP_PAGE) {
      await addWithinTime(
        this.queue.addBulk(
          ids.slice(start, start + OUTBOX_SWEEP_PAGE).map((notificationId) => ({
            name: MailJobName.SendNotification,
            data: { notificationId, retryMaxDelayMs: this.config.retryMaxDelayMs },
            opts: {
              jobId: notificationJobId(notificationId),
              attempts: this.config.retryAttempts,
              backoff: { type: CAPPED_EXPONENTIAL, delay: this.config.retryBackoffMs },
              removeOnComplete: true,
              removeOnFail: true,
            },
          })),
        ),
      );
    }
  }

  /**
   * A supervisor's retry of a failed email: back to queued inside the
   * caller's transaction, queued once more after commit. Returns the row as
   * it was, for the audit trail.
   */
  async retry(manager: EntityManager, id: number): Promise<NotificationEntity> {
    const existing = await this.notifications.findById(id, manager);
    if (!existing) throw MailException.notFound(id);
    if (!(await this.notifications.requeueFailed(manager, id, this.clock.now()))) {
      throw new MailException(
        MailErrorCode.NotRetryable,
        `Only failed notifications can be retried; notification ${id} is ${existing.status}`,
      );
    }
    this.afterCommit.run(manager, () => this.dispatch([id]));
    return existing;
  }

  /**
   * Every failed row back to queued in one statement inside the caller's
   * transaction (after an outage), queued after commit. Returns the ids.
   */
  async retryAllFailed(manager: EntityManager): Promise<number[]> {
    const ids = await this.notifications.requeueAllFailed(manager, this.clock.now());
    if (ids.length > 0) this.afterCommit.run(manager, () => this.dispatch(ids));
    return ids;
  }

  /**
   * Re-queues rows still `queued` after the sweep delay (their job was lost
   * with Redis, or never made it). Queue adds are idempotent by job id, so a
   * row whose job is merely waiting or backing off is left alone.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.sweepAfterMs);
    const total = await requeueStalePages(
      (limit) => this.notifications.findStaleQueuedIds(cutoff, limit),
      async (ids) => {
        await this.addJobs(ids);
        await this.notifications.touchQueuedAt(ids, now);
      },
    );
    if (total > 0) this.logger.log(`Outbox sweeper re-queued ${total} notification(s)`);
    return total;
  }
}
