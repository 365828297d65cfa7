import { DomainException } from '@resetdesk/core';

export const AuditErrorCode = {
  /** No audit event has this id. */
  NotFound: 'AUDIT_EVENT_NOT_FOUND',
} as const;
export type AuditErrorCode = (typeof AuditErrorCode)[keyof typeof AuditErrorCode];

export class AuditException extends DomainException<AuditErrorCode> {
  protected readonly statusByCode: Record<AuditErrorCode, number> = { AUDIT_EVENT_NOT_FOUND: 404 };
}
