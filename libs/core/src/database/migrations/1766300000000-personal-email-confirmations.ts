import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A holder adds or replaces their personal email on the portal: proved by their current password, and confirmed by a
 * code sent to the new address, so an address goes on record only when its owner can read it. One row per code sent;
 * only the HMAC of the code is kept, and the token that ties the confirmation to the holder's page only as SHA-256.
 */
export class PersonalEmailConfirmations1766300000000 implements MigrationInterface {
  name = 'PersonalEmailConfirmations1766300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE personal_email_confirmations (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        email VARCHAR(320) NOT NULL COMMENT 'the address the holder asked to put on record; the code went there',
        status VARCHAR(16) NOT NULL COMMENT 'pending; confirmed; lapsed (expired, replaced or five wrong codes)',
        token_hash CHAR(64) NULL COMMENT 'SHA-256 of the token the portal page confirms with; cleared once it ends',
        code_hash CHAR(64) NOT NULL COMMENT 'HMAC-SHA256 of the code; never the code',
        attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        ended_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_personal_email_confirmations_account (account_id, created_at),
        UNIQUE KEY uq_personal_email_confirmations_token (token_hash),
        CONSTRAINT fk_personal_email_confirmations_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT chk_personal_email_confirmations_status CHECK (status IN ('pending', 'confirmed', 'lapsed'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE personal_email_confirmations');
  }
}
