import { DomainException } from '@resetdesk/core';

export const SelfServiceErrorCode = {
  /** Change password: the username or the current password is wrong (one answer for both). */
  WrongCredentials: 'WRONG_USERNAME_OR_PASSWORD',
  /** The temporary password has expired (it works 24 hours); ask support for a new one. */
  TemporaryExpired: 'TEMPORARY_PASSWORD_EXPIRED',
  /** newPassword and confirmPassword are not the same. */
  Mismatch: 'PASSWORDS_DIFFER',
  /** A code was sent moments ago (60 s between codes); Retry-After says when another can be sent. */
  TooSoon: 'CODE_RESEND_TOO_SOON',
  /** Five codes were already sent for this address or account in the last hour. */
  HourlyLimit: 'CODE_HOURLY_LIMIT',
  /** Too many requests from this address (or session, or for this account) in the window; Retry-After says when to come back. */
  TooMany: 'TOO_MANY_REQUESTS',
  /** Forgot password: the code is wrong, expired, used or locked — one answer for all, and attempts are never shown. */
  WrongCode: 'CODE_WRONG_OR_EXPIRED',
  /** The portal page's check token has expired, or the password was changed since: start the page again. */
  CheckExpired: 'PASSWORD_CHECK_EXPIRED',
  /** The account must set a new password first (a temporary or expired one proves too little to enroll an authenticator app). */
  PasswordChangeFirst: 'SET_NEW_PASSWORD_FIRST',
} as const;
export type SelfServiceErrorCode = (typeof SelfServiceErrorCode)[keyof typeof SelfServiceErrorCode];

export class SelfServiceException extends DomainException<SelfServiceErrorCode> {
  protected readonly statusByCode: Record<SelfServiceErrorCode, number> = {
    WRONG_USERNAME_OR_PASSWORD: 401,
    TEMPORARY_PASSWORD_EXPIRED: 401,
    PASSWORDS_DIFFER: 422,
    CODE_RESEND_TOO_SOON: 429,
    CODE_HOURLY_LIMIT: 429,
    TOO_MANY_REQUESTS: 429,
    CODE_WRONG_OR_EXPIRED: 422,
    PASSWORD_CHECK_EXPIRED: 410,
    SET_NEW_PASSWORD_FIRST: 409,
  };
}
