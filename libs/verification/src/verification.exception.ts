import { DomainException } from '@resetdesk/core';

export const VerificationErrorCode = {
  /** A code was sent moments ago (60 s between codes); Retry-After says when another can be sent. */
  TooSoon: 'CODE_RESEND_TOO_SOON',
  /** Five codes were already sent for this address or account in the last hour. */
  HourlyLimit: 'CODE_HOURLY_LIMIT',
  /** No code has been sent on this ticket yet; send one first. */
  NoChallenge: 'NO_CODE_SENT',
  /** The code does not match; `attemptsLeft` says how many tries remain before it locks. */
  WrongCode: 'WRONG_CODE',
  /** Five wrong tries locked the code; send a new one. */
  Locked: 'CODE_LOCKED',
  /** The code has expired (10 minutes) or a newer one replaced it; use the newest, or send a new one. */
  Expired: 'CODE_EXPIRED',
  /** The caller is already verified with this code. */
  AlreadyVerified: 'ALREADY_VERIFIED',
  /** The ticket is resolved, closed or cancelled; reopen it first. */
  TicketFinished: 'TICKET_FINISHED',
  /** The account is disabled; enable it before verifying its holder or resetting its password. */
  AccountDisabled: 'ACCOUNT_DISABLED',
  /** Codes by chat are not set up on this server (CHAT_OUTBOUND_URL); send the code by email. */
  ChatUnavailable: 'CHAT_DELIVERY_NOT_CONFIGURED',
  /** The account has no linked chat id to send a code to; send it by email. */
  NoChatId: 'ACCOUNT_HAS_NO_CHAT_ID',
  /** Codes on this ticket locked twice (someone may be guessing): only a supervisor may send the next one. */
  SupervisorRequired: 'VERIFICATION_SUPERVISOR_REQUIRED',
  /** The ticket moved to another account while the code was being sent; nothing was sent. */
  AccountChanged: 'TICKET_ACCOUNT_CHANGED',
  /** The account has no personal email on record; send the code to the login email or by chat. */
  NoPersonalEmail: 'ACCOUNT_HAS_NO_PERSONAL_EMAIL',
  /** The holder has no authenticator app enrolled; send a code instead. */
  NoAuthenticator: 'ACCOUNT_HAS_NO_AUTHENTICATOR',
  /** The caller read out an authenticator code that was already used; the app shows a new one every 30 s. Counted as a wrong try. */
  CodeReplayed: 'AUTHENTICATOR_CODE_REPLAYED',
  /** The authenticator enrollment expired (10 minutes), was replaced, confirmed already or ended after five wrong codes; start again. */
  EnrollmentLapsed: 'AUTHENTICATOR_ENROLLMENT_LAPSED',
  /** The personal-email confirmation expired (10 minutes), was replaced by a newer code or ended after five wrong codes; ask for a new code. */
  PersonalEmailLapsed: 'PERSONAL_EMAIL_CONFIRMATION_LAPSED',
  /** The address given as personal email is the account's login email: a personal address must not open with the account's password. */
  PersonalEmailIsLogin: 'PERSONAL_EMAIL_IS_LOGIN_EMAIL',
  /** That address is already the account's personal email. */
  PersonalEmailUnchanged: 'PERSONAL_EMAIL_UNCHANGED',
  /** The account has no manager on record (an admin picks one, or the directory's manager attribute). */
  NoManager: 'ACCOUNT_HAS_NO_MANAGER',
  /** The manager on record cannot approve: their account is disabled. */
  ManagerUnavailable: 'MANAGER_CANNOT_APPROVE',
  /** The manager was asked on this ticket and has not answered yet (the links work 30 minutes). */
  ManagerApprovalPending: 'MANAGER_APPROVAL_PENDING',
  /** The approval link was used already, expired (30 minutes), or its ticket moved on; the agent can ask again. */
  ManagerApprovalLapsed: 'MANAGER_APPROVAL_LAPSED',
} as const;
export type VerificationErrorCode = (typeof VerificationErrorCode)[keyof typeof VerificationErrorCode];

export class VerificationException extends DomainException<VerificationErrorCode> {
  protected readonly statusByCode: Record<VerificationErrorCode, number> = {
    CODE_RESEND_TOO_SOON: 429,
    CODE_HOURLY_LIMIT: 429,
    NO_CODE_SENT: 409,
    WRONG_CODE: 422,
    CODE_LOCKED: 423,
    CODE_EXPIRED: 410,
    ALREADY_VERIFIED: 409,
    TICKET_FINISHED: 409,
    ACCOUNT_DISABLED: 409,
    CHAT_DELIVERY_NOT_CONFIGURED: 409,
    ACCOUNT_HAS_NO_CHAT_ID: 422,
    TICKET_ACCOUNT_CHANGED: 409,
    VERIFICATION_SUPERVISOR_REQUIRED: 403,
    ACCOUNT_HAS_NO_PERSONAL_EMAIL: 422,
    ACCOUNT_HAS_NO_AUTHENTICATOR: 422,
    AUTHENTICATOR_CODE_REPLAYED: 422,
    AUTHENTICATOR_ENROLLMENT_LAPSED: 410,
    PERSONAL_EMAIL_CONFIRMATION_LAPSED: 410,
    PERSONAL_EMAIL_IS_LOGIN_EMAIL: 422,
    PERSONAL_EMAIL_UNCHANGED: 409,
    ACCOUNT_HAS_NO_MANAGER: 422,
    MANAGER_CANNOT_APPROVE: 422,
    MANAGER_APPROVAL_PENDING: 409,
    MANAGER_APPROVAL_LAPSED: 410,
  };

  /** A closed or cancelled ticket verifies nobody; the agent reopens it first. */
  static ticketFinished(ticketId: number, status: string): VerificationException {
    return new VerificationException(
      VerificationErrorCode.TicketFinished,
      `Ticket #${ticketId} is ${status}; reopen it to verify the caller`,
    );
  }
}
