import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The holder's own authenticator app as a verification factor: one active TOTP secret per account (encrypted with
 * DATA_KEY), enrolled by the holder on the portal. A pending enrollment becomes active when the holder confirms a
 * code from the app; re-enrolling replaces the active one only then. On a ticket the caller reads the app's current
 * code: a challenge with channel `authenticator` and no stored code, under the same attempt limit and lock.
 */
export class HolderAuthenticators1766100000000 implements MigrationInterface {
  name = 'HolderAuthenticators1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE account_authenticators (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        status VARCHAR(16) NOT NULL COMMENT 'pending until the holder confirms a code; active; replaced, removed or expired',
        secret_encrypted VARCHAR(255) NOT NULL COMMENT 'the TOTP secret, AES-256-GCM with DATA_KEY',
        enrollment_token_hash CHAR(64) NULL COMMENT 'SHA-256 of the token that confirms a pending enrollment',
        confirm_attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
        last_time_step BIGINT UNSIGNED NULL COMMENT 'the newest RFC 6238 time step accepted: it and older ones are replays',
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL COMMENT 'when a pending enrollment lapses',
        confirmed_at DATETIME(3) NULL,
        ended_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_account_authenticators_account (account_id, status),
        UNIQUE KEY uq_account_authenticators_token (enrollment_token_hash),
        CONSTRAINT fk_account_authenticators_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT chk_account_authenticators_status CHECK (status IN ('pending', 'active', 'replaced', 'removed', 'expired'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      ALTER TABLE verification_challenges
        MODIFY channel VARCHAR(16) NOT NULL,
        MODIFY code_hash CHAR(64) NULL COMMENT 'HMAC-SHA256 of the code; never the code. NULL for the authenticator, whose app makes the code'
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM verification_challenges WHERE channel = 'authenticator'");
    await queryRunner.query(`
      ALTER TABLE verification_challenges
        MODIFY channel VARCHAR(8) NOT NULL,
        MODIFY code_hash CHAR(64) NOT NULL COMMENT 'HMAC-SHA256 of the code; the code itself is never stored'
    `);
    await queryRunner.query('DROP TABLE account_authenticators');
  }
}
