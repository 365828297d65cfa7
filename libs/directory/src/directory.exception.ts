import { DomainException } from '@resetdesk/core';
import { DirectoryRefusal, DirectoryUnavailable } from './directory.errors';

export const DirectoryErrorCode = {
  /** The directory could not be reached or did not answer in time: nothing was changed. */
  Unavailable: 'DIRECTORY_UNAVAILABLE',
  /** The password write was sent but no answer came: it may or may not have landed. */
  OutcomeUnknown: 'DIRECTORY_OUTCOME_UNKNOWN',
  /** The account has no directory entry to write to (not synced yet, or created by hand). */
  NotLinked: 'DIRECTORY_ACCOUNT_NOT_LINKED',
  /** The directory refused an operation that is not about the password's rules (rights, missing entry). */
  Refused: 'DIRECTORY_REFUSED',
} as const;
export type DirectoryErrorCode = (typeof DirectoryErrorCode)[keyof typeof DirectoryErrorCode];

/** How long a client is asked to wait before trying a directory write again. */
export const DIRECTORY_RETRY_AFTER_SECONDS = 30;

export class DirectoryException extends DomainException<DirectoryErrorCode> {
  protected readonly statusByCode: Record<DirectoryErrorCode, number> = {
    DIRECTORY_UNAVAILABLE: 503,
    DIRECTORY_OUTCOME_UNKNOWN: 503,
    DIRECTORY_ACCOUNT_NOT_LINKED: 409,
    DIRECTORY_REFUSED: 409,
  };

  static unavailable(message: string): DirectoryException {
    return new DirectoryException(DirectoryErrorCode.Unavailable, message, { retryAfterSeconds: DIRECTORY_RETRY_AFTER_SECONDS });
  }

  /** A store's error as the API answers it: away → 503, a refusal → 409 with its rule; anything else is not the directory's and stays itself. */
  static from(error: unknown): unknown {
    if (error instanceof DirectoryUnavailable) return DirectoryException.unavailable(error.message);
    if (error instanceof DirectoryRefusal) return new DirectoryException(DirectoryErrorCode.Refused, error.message, { rule: error.rule });
    return error;
  }
}
