import { DomainException } from '@resetdesk/core';

export const VerificationErrorCode = {
  TooSoon: 'CODE_RESEND_TOO_SOON',
  HourlyLimit: 'CODE_HOURLY_LIMIT',
  NoChallenge: 'NO_CODE_SENT',
  WrongCode: 'WRONG_CODE',
  Locked: 'CODE_LOCKED',
  Expired: 'CODE_EXPIRED',
  AlreadyVerified: 'ALREADY_VERIFIED',
  TicketFinished: 'TICKET_FINISHED',
  AccountDisabled: 'ACCOUNT_DISABLED',
  ChatUnavailable: 'CHAT_DELIVERY_NOT_CONFIGURED',
  NoChatId: 'ACCOUNT_HAS_NO_CHAT_ID',
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
  };
}
