import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff sign-in throttling and single-use MFA challenges.
 *
 * `staff_sign_in_attempts` holds one counter per member, kind of secret
 * (password or second factor) and client address, plus a member-wide row
 * (address `*`). A try is reserved here before any hash is computed, so
 * concurrent requests can never be evaluated beyond the limit.
 * `staff_mfa_challenges` makes each mfaToken usable once and lets a
 * password change end the ones still open.
 *
 * The counters have no foreign key on purpose: the check would take a
 * shared lock on the staff row for every reservation, which deadlocks
 * against a failure being recorded (counter row, then staff row). Staff
 * rows are never deleted, only disabled. Staff id 0 (nobody) holds the
 * decoy rows that unknown emails write to, at the cost of a real try.
 */
export class StaffSignInAttempts1765300000000 implements MigrationInterface {
  name = 'StaffSignInAttempts1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE staff_sign_in_attempts (
        staff_id INT UNSIGNED NOT NULL,
        kind VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'password or second-factor',
        address VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'client address, or * for the member-wide ceiling',
        window_ends_at DATETIME(3) NOT NULL COMMENT 'the counts below start over after this',
        attempts INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'tries reserved in the window: finished and in flight',
        failures INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'reserved tries that failed',
        tries INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'every try, granted or refused, since the row was made: each one writes the row',
        PRIMARY KEY (staff_id, kind, address),
        CONSTRAINT chk_staff_sign_in_attempts_kind CHECK (kind IN ('password', 'second-factor'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE staff_mfa_challenges (
        id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'the jti of the mfaToken',
        staff_id INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL COMMENT 'set once: by the sign-in it completed, or by a password change',
        PRIMARY KEY (id),
        KEY idx_staff_mfa_challenges_staff (staff_id, used_at),
        CONSTRAINT fk_staff_mfa_challenges_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE staff_mfa_challenges');
    await queryRunner.query('DROP TABLE staff_sign_in_attempts');
  }
}
