import { QueryFailedError } from 'typeorm';

/**
 * The unique key a failed INSERT/UPDATE collided with (e.g. "uq_accounts_email"),
 * or null when the error is not a duplicate-key error. MySQL and MariaDB both
 * answer ER_DUP_ENTRY and name the key in the message.
 */
export function duplicateKeyOf(error: unknown): string | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; message?: string };
  if (driverError.code !== 'ER_DUP_ENTRY') return null;
  return /for key '(?:[^'.]+\.)?([^']+)'/.exec(driverError.message ?? '')?.[1] ?? 'unknown';
}
