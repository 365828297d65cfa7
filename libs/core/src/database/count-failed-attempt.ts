import { EntityManager } from 'typeorm';

/**
 * Counts one wrong try on a pending code in a single UPDATE, so concurrent
 * guesses are each counted; the try that reaches `maxAttempts` locks it.
 * `status` is assigned first so it sees the old count, and
 * LAST_INSERT_ID(expr) hands the new count back in the same round trip
 * (MySQL and MariaDB alike). Null when the code was no longer countable.
 *
 * `table` is a table of one-time codes (a `status` that starts `pending`
 * and an `attempts` count) that the calling domain owns and names: never a
 * value from a request.
 */
export async function countFailedAttempt(manager: EntityManager, table: string, id: number, maxAttempts: number): Promise<number | null> {
  const counted: { affectedRows?: number; insertId?: number } = await manager.query(
    `UPDATE ${table}
        SET status = IF(attempts + 1 >= ?, 'locked', status), attempts = LAST_INSERT_ID(attempts + 1)
      WHERE id = ? AND status = 'pending' AND attempts < ?`,
    [maxAttempts, id, maxAttempts],
  );
  return counted.affectedRows ? Number(counted.insertId) : null;
}
