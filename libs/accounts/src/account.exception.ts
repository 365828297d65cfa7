import { DomainException } from '@resetdesk/core';

export const AccountErrorCode = {
  NotFound: 'ACCOUNT_NOT_FOUND',
  Duplicate: 'ACCOUNT_DUPLICATE',
  PasswordRejected: 'PASSWORD_REJECTED',
} as const;
export type AccountErrorCode = (typeof AccountErrorCode)[keyof typeof AccountErrorCode];

export class AccountException extends DomainException<AccountErrorCode> {
  protected readonly statusByCode: Record<AccountErrorCode, number> = {
    ACCOUNT_NOT_FOUND: 404,
    ACCOUNT_DUPLICATE: 409,
    PASSWORD_REJECTED: 422,
  };

  static notFound(id: number): AccountException {
    return new AccountException(AccountErrorCode.NotFound, `Account ${id} does not exist`);
  }
}
