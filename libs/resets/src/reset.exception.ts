import { DomainException } from '@resetdesk/core';

export const ResetErrorCode = {
  NotVerified: 'RESET_CALLER_NOT_VERIFIED',
  ApprovalRequired: 'RESET_APPROVAL_REQUIRED',
  SamePerson: 'RESET_APPROVAL_SAME_PERSON',
  ApprovalBeforeVerification: 'RESET_APPROVAL_NOT_VERIFIED',
  NotPrivileged: 'RESET_APPROVAL_NOT_NEEDED',
  TicketFinished: 'RESET_TICKET_FINISHED',
  AccountDisabled: 'RESET_ACCOUNT_DISABLED',
  LinkInvalid: 'RESET_LINK_INVALID',
} as const;
export type ResetErrorCode = (typeof ResetErrorCode)[keyof typeof ResetErrorCode];

export class ResetException extends DomainException<ResetErrorCode> {
  protected readonly statusByCode: Record<ResetErrorCode, number> = {
    RESET_CALLER_NOT_VERIFIED: 403,
    RESET_APPROVAL_REQUIRED: 403,
    RESET_APPROVAL_SAME_PERSON: 403,
    RESET_APPROVAL_NOT_VERIFIED: 409,
    RESET_APPROVAL_NOT_NEEDED: 409,
    RESET_TICKET_FINISHED: 409,
    RESET_ACCOUNT_DISABLED: 409,
    // Unknown, used, replaced or expired: gone either way, and a new link is the way forward.
    RESET_LINK_INVALID: 410,
  };
}
