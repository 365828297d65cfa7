import { DomainException } from '@resetdesk/core';

export const AccountErrorCode = {
  /** No account has this id. */
  NotFound: 'ACCOUNT_NOT_FOUND',
  /** Another account already has this username or email (or, during an import, the accounts changed under it: import again). */
  Duplicate: 'ACCOUNT_DUPLICATE',
  /** The new password breaks the account's password policy; `failedRules` names the rules. */
  PasswordRejected: 'PASSWORD_REJECTED',
  /** An import without a dry run of the same file first: check it, then import with `confirm` set to the file's fingerprint. */
  ImportNotChecked: 'IMPORT_NOT_CHECKED',
  /** managerId names no account, or the account itself. */
  ManagerInvalid: 'ACCOUNT_MANAGER_INVALID',
} as const;
export type AccountErrorCode = (typeof AccountErrorCode)[keyof typeof AccountErrorCode];

export class AccountException extends DomainException<AccountErrorCode> {
  protected readonly statusByCode: Record<AccountErrorCode, number> = {
    ACCOUNT_NOT_FOUND: 404,
    ACCOUNT_DUPLICATE: 409,
    PASSWORD_REJECTED: 422,
    IMPORT_NOT_CHECKED: 409,
    ACCOUNT_MANAGER_INVALID: 422,
  };

  static notFound(id: number): AccountException {
    return new AccountException(AccountErrorCode.NotFound, `Account ${id} does not exist`);
  }
}
