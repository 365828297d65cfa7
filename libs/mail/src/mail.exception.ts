import { DomainException } from '@resetdesk/core';

export const MailErrorCode = {
  NotificationNotFound: 'NOTIFICATION_NOT_FOUND',
  NotRetryable: 'NOTIFICATION_NOT_RETRYABLE',
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
