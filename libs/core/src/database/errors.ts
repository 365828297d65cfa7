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

/** A transaction the database rolled back to break a lock cycle; running it again is the documented answer. */
export function isDeadlock(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string }).code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/**
 * Runs a whole transaction again (up to `tries` times) when the database picked it as a deadlock victim. With
 * `backoffMs`, waits a random 1–2 × backoffMs × attempt before each retry, so transactions that keep meeting (a
 * Galera certification conflict between nodes) stop meeting in step.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, tries = 3, backoffMs = 0): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || !isDeadlock(error)) throw error;
      if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs * attempt * (1 + Math.random())));
    }
  }
}
