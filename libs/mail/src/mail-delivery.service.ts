import { Inject, Injectable, Logger } from '@nestjs/common';
import { appConfig, AppConfigType, Clock, DataCipher, mailConfig, MailConfigType, retryOnDeadlock } from '@resetdesk/core';
import { UnrecoverableError } from 'bullmq';
import { ChatTransport } from '@resetdesk/chat';
import { MailTransport } from './mail-transport.service';
import { messageIdDomain, notificationMessageId } from './message-id';
import { NotificationRepository } from './notification.repository';
import { NotificationStatus } from './notification.entity';
import { isMailKind, MailDataByKind, MailKind, renderChat, renderMail } from './templates';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'not-queued';

/**
 * How long one attempt holds a row: longer than a send can take (SMTP
 * connection 10 s + greeting 10 s + socket idle 30 s, plus waiting for a
 * pooled connection), short enough that a crashed attempt's row is sent
 * again within minutes.
 */
export const SEND_LEASE_MS = 5 * 60_000;

export interface DeliveryAttempt {
  /** 1-based number of this attempt. */
  attempt: number;
  maxAttempts: number;
}

/** Renders one outbox row and sends it by email or to the chat webhook; records the outcome on the row. */
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);
  private readonly messageIdDomain: string;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly transport: MailTransport,
    private readonly chat: ChatTransport,
    private readonly cipher: DataCipher,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly app: AppConfigType,
    @Inject(mailConfig.KEY) mail: MailConfigType,
  ) {
    this.messageIdDomain = messageIdDomain(mail.from, app.url);
  }

  async deliver(notificationId: number, { attempt, maxAttempts }: DeliveryAttempt): Promise<DeliveryOutcome> {
    const notification = await this.notifications.findById(notificationId);
    if (!notification) throw new UnrecoverableError(`Notification ${notificationId} does not exist`);
    // A job can run again after a crash or a duplicate hand-off: sending is idempotent per row.
    if (notification.status === NotificationStatus.Sent) return 'already-sent';
    if (notification.status !== NotificationStatus.Queued) return 'not-queued';

    if (!isMailKind(notification.kind)) {
      await this.notifications.markAttemptFailed(notificationId, `No template for kind "${notification.kind}"`, true, this.clock.now());
      throw new UnrecoverableError(`No template for notification kind "${notification.kind}"`);
    }
    const data = this.cipher.decryptJson<MailDataByKind[MailKind]>(notification.payload);
    const context = { appUrl: this.app.url, productName: 'ResetDesk' };
    const emailId = notification.channel === 'chat' ? null : notificationMessageId(notification, this.messageIdDomain);
    // At-least-once: a crash between the send and markSent re-sends, and this committed count makes that visible.
    if (!(await this.notifications.beginAttempt(notificationId, emailId, this.clock.now(), SEND_LEASE_MS))) {
      const status = (await this.notifications.findById(notificationId))?.status;
      if (status === NotificationStatus.Sent) return 'already-sent';
      if (status !== NotificationStatus.Queued) return 'not-queued';
      // Another attempt holds the lease (a stalled job re-run while the first still sends): retry later, never send alongside it.
      throw new Error(`Notification ${notificationId} is being sent by another attempt; trying again later`);
    }

    let messageId: string | null;
    try {
      ({ messageId } =
        notification.channel === 'chat'
          ? await this.chat.send(notification.recipient, renderChat(notification.kind as MailKind, data, context))
          : await this.transport.send({
              to: notification.recipient,
              messageId: emailId!,
              ...renderMail(notification.kind as MailKind, data, context),
            }));
    } catch (error) {
      // A 5xx answer (no such mailbox, domain refused) is final: thirty more tries over a day would only repeat it.
      const permanent = isPermanentRejection(error);
      const final = permanent || attempt >= maxAttempts;
      const reason = describeDeliveryError(error);
      await retryOnDeadlock(() => this.notifications.markAttemptFailed(notificationId, reason, final, this.clock.now()));
      this.logger.warn(`Notification ${notificationId} attempt ${attempt}/${maxAttempts} failed${permanent ? ' for good' : ''}: ${reason}`);
      throw permanent ? new UnrecoverableError(reason) : error;
    }
    // Sent. A database error from here on must not free the row for another send: a deadlock is retried, and any
    // other failure leaves the lease in place, so the row is sent again only once the lease runs out.
    await retryOnDeadlock(() => this.notifications.markSent(notificationId, messageId, this.clock.now()));
    return 'sent';
  }
}

/** A short, secret-free reason for the delivery log (SMTP codes, or the chat webhook's status). */
function describeDeliveryError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, responseCode } = error as Error & { code?: string; responseCode?: number };
  return [code, responseCode, error.message].filter(Boolean).join(' ').slice(0, 1000);
}

/** The mail server refused the message for good (SMTP 5xx), as opposed to "try later" (4xx) or no answer at all. */
function isPermanentRejection(error: unknown): boolean {
  const responseCode = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
}
