import { Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder } from '@resetdesk/audit';
import { Clock, ListQuery, Page, RequestContext } from '@resetdesk/core';
import { DataSource } from 'typeorm';
import { NotificationListFilter, notificationListSpec } from './dto/notification-list.query';
import { NotificationDto, RetryAllFailedResultDto, toNotificationDto } from './dto/notification.dto';
import { SendTestEmailDto } from './dto/send-test-email.dto';
import { MailException } from './mail.exception';
import { NotificationRepository } from './notification.repository';
import { OutboxService } from './outbox.service';

/** The delivery log as staff see it, and the operator's test email. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly outbox: OutboxService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditRecorder,
  ) {}

  async list(query: ListQuery<NotificationListFilter>): Promise<Page<NotificationDto>> {
    const [rows, total] = await this.notifications.list(query);
    return new Page(notificationListSpec.resource, rows.map(toNotificationDto), total, query.skip);
  }

  async get(id: number): Promise<NotificationDto> {
    const notification = await this.notifications.findById(id);
    if (!notification) throw MailException.notFound(id);
    return toNotificationDto(notification);
  }

  async retry(actor: AuditActor, id: number, context: RequestContext): Promise<NotificationDto> {
    await this.dataSource.transaction(async (manager) => {
      const previous = await this.outbox.retry(manager, id);
      await this.audit.record(manager, {
        actor,
        action: AuditAction.NotificationRetried,
        target: { type: 'notification', id },
        context,
        details: { kind: previous.kind, recipient: previous.recipient, lastError: previous.lastError, attempts: previous.attempts },
      });
    });
    return this.get(id);
  }

  /** After an outage: every failed email queued again at once, one audit event with the count. */
  async retryAllFailed(actor: AuditActor, context: RequestContext): Promise<RetryAllFailedResultDto> {
    const ids = await this.dataSource.transaction(async (manager) => {
      const retried = await this.outbox.retryAllFailed(manager);
      await this.audit.record(manager, {
        actor,
        action: AuditAction.NotificationsRetriedAllFailed,
        target: { type: 'notification', id: null },
        context,
        details: { count: retried.length, firstId: retried[0] ?? null, lastId: retried.at(-1) ?? null },
      });
      return retried;
    });
    return { retried: ids.length };
  }

  async sendTestEmail(actor: AuditActor, dto: SendTestEmailDto, context: RequestContext): Promise<{ notificationId: number }> {
    const requestedAt = this.clock.now().toISOString().replace('T', ' ').slice(0, 19);
    const notificationId = await this.dataSource.transaction(async (manager) => {
      const id = await this.outbox.enqueue(manager, { kind: 'test-email', to: dto.to, data: { requestedAt, note: dto.note } });
      await this.audit.record(manager, {
        actor,
        action: AuditAction.TestEmailQueued,
        target: { type: 'notification', id },
        context,
        details: { to: dto.to, withNote: Boolean(dto.note) },
      });
      return id;
    });
    // Without a dedupe key the insert always happens.
    return { notificationId: notificationId! };
  }
}
