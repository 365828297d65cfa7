import { DomainException } from '@resetdesk/core';

export const AuthErrorCode = {
  InvalidCredentials: 'INVALID_CREDENTIALS',
  InvalidMfaToken: 'INVALID_MFA_TOKEN',
  InvalidTotp: 'INVALID_TOTP_CODE',
  Unauthenticated: 'UNAUTHENTICATED',
  SessionEnded: 'SESSION_ENDED',
  Forbidden: 'FORBIDDEN_ROLE',
  MfaEnrollmentRequired: 'MFA_ENROLLMENT_REQUIRED',
  NoEnrollment: 'NO_TOTP_ENROLLMENT',
  AlreadyEnrolled: 'TOTP_ALREADY_ENABLED',
  InvalidRefresh: 'INVALID_REFRESH_TOKEN',
  WrongCurrentPassword: 'WRONG_CURRENT_PASSWORD',
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
    WRONG_CURRENT_PASSWORD: 422,
  };

  static invalidCredentials(): AuthException {
    return new AuthException(AuthErrorCode.InvalidCredentials, 'Invalid email or password');
  }
}
