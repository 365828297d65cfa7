import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SignInAttemptEntity } from './staff.entity';

export type SignInAttemptKind = 'password' | 'second-factor';

/** One throttling counter: a member, the kind of secret tried, and the client address (`*` for the member-wide row). */
export interface AttemptKey {
  staffId: number;
  kind: SignInAttemptKind;
  address: string;
}

/** How a success is accepted on a counter (see `acceptSuccess`). */
export type SuccessRule = 'exclusive-when-full' | 'below-limit';

interface OkPacket {
  affectedRows?: number;
  insertId?: number;
}

const KEY_CLAUSE = 'staff_id = ? AND kind = ? AND address = ?';
const keyParams = (key: AttemptKey) => [key.staffId, key.kind, key.address];

/**
 * The sign-in counters. Every statement is a single conditional UPDATE, so
 * concurrent requests each see the others' reservations: the database, not
 * the application, decides who may still try. MySQL and MariaDB assign SET
 * expressions left to right, which the statements below rely on.
 */
@Injectable()
export class SignInAttemptRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Reserves one try before any secret is checked, in one statement whether
   * or not the counter exists yet (so a first try costs what any other does).
   * Starts a new window when the old one is over. Answers the try's number in
   * the window (1-based), or null when `limit` tries are already reserved:
   * nothing is evaluated then. The new number comes back through
   * LAST_INSERT_ID (0 when refused); `tries` always changes, so an existing
   * row always reports 2 affected rows and a new one 1.
   */
  async reserve(key: AttemptKey, limit: number, windowEndsAt: Date, now: Date): Promise<number | null> {
    const result: OkPacket = await this.dataSource.query(
      `INSERT INTO staff_sign_in_attempts (staff_id, kind, address, window_ends_at, attempts, failures, tries)
       VALUES (?, ?, ?, ?, 1, 0, 1)
       ON DUPLICATE KEY UPDATE
         failures = IF(window_ends_at <= ?, 0, failures),
         attempts = IF(window_ends_at <= ?, LAST_INSERT_ID(1), IF(attempts < ?, LAST_INSERT_ID(attempts + 1), attempts + LAST_INSERT_ID(0))),
         window_ends_at = IF(window_ends_at <= ?, ?, window_ends_at),
         tries = tries + 1`,
      [...keyParams(key), windowEndsAt, now, now, limit, now, windowEndsAt],
    );
    if (result.affectedRows === 1) return 1;
    return Number(result.insertId) || null;
  }

  /** Gives back a reservation that was never evaluated (another counter refused the try). */
  async release(key: AttemptKey): Promise<void> {
    await this.dataSource.query(
      `UPDATE staff_sign_in_attempts SET attempts = attempts - 1 WHERE ${KEY_CLAUSE} AND attempts > failures`,
      keyParams(key),
    );
  }

  /**
   * Turns a reserved try into a failure; the failure that reaches `limit`
   * blocks the counter until `blockedUntil`. Answers the failures so far in
   * the window (null when the window started over in between).
   */
  async recordFailure(manager: EntityManager, key: AttemptKey, limit: number, blockedUntil: Date): Promise<number | null> {
    const result: OkPacket = await manager.query(
      `UPDATE staff_sign_in_attempts
          SET window_ends_at = IF(failures + 1 >= ?, ?, window_ends_at),
              failures = LAST_INSERT_ID(failures + 1)
        WHERE ${KEY_CLAUSE} AND failures < attempts`,
      [limit, blockedUntil, ...keyParams(key)],
    );
    return result.affectedRows ? Number(result.insertId) : null;
  }

  /**
   * Accepts a successful try and clears the failures, keeping the other
   * tries still in flight reserved. `below-limit`: accepted while fewer than
   * `limit` tries failed. `exclusive-when-full`: as well, once every try of
   * the window is reserved, accepted only if all the others have finished —
   * a correct guess hidden in a burst that filled the window is refused.
   * False when refused; the caller then counts the try as a failure.
   */
  async acceptSuccess(manager: EntityManager, key: AttemptKey, limit: number, rule: SuccessRule): Promise<boolean> {
    const condition = rule === 'below-limit' ? 'failures < ?' : '(attempts < ? OR attempts = failures + 1)';
    const result: OkPacket = await manager.query(
      `UPDATE staff_sign_in_attempts
          SET attempts = attempts - failures - 1, failures = 0
        WHERE ${KEY_CLAUSE} AND attempts > failures AND ${condition}`,
      [...keyParams(key), limit],
    );
    return Boolean(result.affectedRows);
  }

  /** Forgets every counter of a member (an admin unlocked them). */
  async clear(manager: EntityManager, staffId: number): Promise<void> {
    await manager.getRepository(SignInAttemptEntity).delete({ staffId });
  }
}
