import { DomainException } from '@resetdesk/core';

export const MailErrorCode = {
  /** No notification has this id. */
  NotificationNotFound: 'NOTIFICATION_NOT_FOUND',
  /** Only failed notifications can be sent again; this one is queued or sent. */
  NotRetryable: 'NOTIFICATION_NOT_RETRYABLE',
  /** A notification names an email kind this version has no template for (a bug; logged). */
  UnknownTemplate: 'UNKNOWN_MAIL_TEMPLATE',
} as const;
export type MailErrorCode = (typeof MailErrorCode)[keyof typeof MailErrorCode];

export class MailException extends DomainException<MailErrorCode> {
  protected readonly statusByCode: Record<MailErrorCode, number> = {
    NOTIFICATION_NOT_FOUND: 404,
    NOTIFICATION_NOT_RETRYABLE: 409,
    UNKNOWN_MAIL_TEMPLATE: 500,
  };

  static notFound(id: number): MailException {
    return new MailException(MailErrorCode.NotificationNotFound, `Notification ${id} does not exist`);
  }
}
