import { DomainException } from '@resetdesk/core';

export const ResetErrorCode = {
  /** A reset needs the caller verified on this ticket, within the verification window; verify (again) first. */
  NotVerified: 'RESET_CALLER_NOT_VERIFIED',
  /** The account is privileged: a supervisor must approve this reset (or this verification) first. */
  ApprovalRequired: 'RESET_APPROVAL_REQUIRED',
  /** The approving supervisor worked the ticket or verified the caller, or is carrying out the reset: another person must. */
  SamePerson: 'RESET_APPROVAL_SAME_PERSON',
  /** A reset is approved only once the caller is verified. */
  ApprovalBeforeVerification: 'RESET_APPROVAL_NOT_VERIFIED',
  /** The account is not privileged; its reset needs no approval. */
  NotPrivileged: 'RESET_APPROVAL_NOT_NEEDED',
  /** The reset is approved already; nothing to ask for until that approval is used or lapses. */
  AlreadyApproved: 'RESET_ALREADY_APPROVED',
  /** No active supervisor or admin other than the agent and whoever verified the caller: nobody could approve. */
  NoApprover: 'RESET_NO_APPROVER',
  /** The ticket is resolved, closed or cancelled; reopen it first. */
  TicketFinished: 'TICKET_FINISHED',
  /** The account is disabled; enable it before verifying its holder or resetting its password. */
  AccountDisabled: 'ACCOUNT_DISABLED',
  /** The reset link is unknown, used, replaced by a newer one, expired, or its ticket is finished: ask for a new link. */
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
    RESET_ALREADY_APPROVED: 409,
    RESET_NO_APPROVER: 409,
    TICKET_FINISHED: 409,
    ACCOUNT_DISABLED: 409,
    // Unknown, used, replaced or expired: gone either way, and a new link is the way forward.
    RESET_LINK_INVALID: 410,
  };
}
