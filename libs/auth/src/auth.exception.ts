import { DomainException } from '@resetdesk/core';

export const AuthErrorCode = {
  /** Wrong email or password, or a locked or disabled member: one answer for all, so sign-in cannot tell them apart. */
  InvalidCredentials: 'INVALID_CREDENTIALS',
  /** The token from the password step of a two-factor sign-in is invalid or has expired; sign in again. */
  InvalidMfaToken: 'INVALID_MFA_TOKEN',
  /** The authenticator (or recovery) code is wrong, already used or out of its time window. */
  InvalidTotp: 'INVALID_TOTP_CODE',
  /** No valid access token came with a request that needs one (missing, malformed or expired); refresh or sign in. */
  Unauthenticated: 'UNAUTHENTICATED',
  /** The session behind the token was signed out, revoked or its member disabled; sign in again. */
  SessionEnded: 'SESSION_ENDED',
  /** The route needs a higher role than the signed-in member's. */
  Forbidden: 'FORBIDDEN_ROLE',
  /** The role requires two-factor sign-in and it is not set up yet; enroll before anything else. */
  MfaEnrollmentRequired: 'MFA_ENROLLMENT_REQUIRED',
  /** Confirming two-factor sign-in before starting its enrollment. */
  NoEnrollment: 'NO_TOTP_ENROLLMENT',
  /** Two-factor sign-in is already on for this member. */
  AlreadyEnrolled: 'TOTP_ALREADY_ENABLED',
  /** The refresh cookie is missing, unknown, expired or reused; sign in again. */
  InvalidRefresh: 'INVALID_REFRESH_TOKEN',
  /** The current password given to confirm a change is wrong. */
  WrongCurrentPassword: 'WRONG_CURRENT_PASSWORD',
  /** The staff invitation link is unknown, used, replaced, expired, or its member disabled; ask an admin for a new one. */
  InvitationInvalid: 'STAFF_INVITATION_INVALID',
  /** An invitation for a member who is disabled or has signed in already: there is nothing for it to do. */
  InvitationNotNeeded: 'STAFF_INVITATION_NOT_NEEDED',
} as const;
export type AuthErrorCode = (typeof AuthErrorCode)[keyof typeof AuthErrorCode];

export class AuthException extends DomainException<AuthErrorCode> {
  protected readonly statusByCode: Record<AuthErrorCode, number> = {
    INVALID_CREDENTIALS: 401,
    INVALID_MFA_TOKEN: 401,
    INVALID_TOTP_CODE: 401,
    UNAUTHENTICATED: 401,
    SESSION_ENDED: 401,
    FORBIDDEN_ROLE: 403,
    MFA_ENROLLMENT_REQUIRED: 403,
    NO_TOTP_ENROLLMENT: 409,
    TOTP_ALREADY_ENABLED: 409,
    INVALID_REFRESH_TOKEN: 401,
    STAFF_INVITATION_INVALID: 410,
    STAFF_INVITATION_NOT_NEEDED: 409,
    WRONG_CURRENT_PASSWORD: 422,
  };

  static invalidCredentials(): AuthException {
    return new AuthException(AuthErrorCode.InvalidCredentials, 'Invalid email or password');
  }
}
