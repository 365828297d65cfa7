import { DomainException } from '@resetdesk/core';

export const SelfServiceErrorCode = {
  WrongCredentials: 'WRONG_USERNAME_OR_PASSWORD',
  TemporaryExpired: 'TEMPORARY_PASSWORD_EXPIRED',
  Mismatch: 'PASSWORDS_DIFFER',
  TooSoon: 'REQUEST_TOO_SOON',
  TooMany: 'TOO_MANY_REQUESTS',
  WrongCode: 'CODE_WRONG_OR_EXPIRED',
} as const;
export type SelfServiceErrorCode = (typeof SelfServiceErrorCode)[keyof typeof SelfServiceErrorCode];

export class SelfServiceException extends DomainException<SelfServiceErrorCode> {
  protected readonly statusByCode: Record<SelfServiceErrorCode, number> = {
    WRONG_USERNAME_OR_PASSWORD: 401,
    TEMPORARY_PASSWORD_EXPIRED: 401,
    PASSWORDS_DIFFER: 422,
    REQUEST_TOO_SOON: 429,
    TOO_MANY_REQUESTS: 429,
    CODE_WRONG_OR_EXPIRED: 422,
  };
}
