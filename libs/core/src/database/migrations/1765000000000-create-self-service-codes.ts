import { MigrationInterface, QueryRunner } from 'typeorm';

/** Codes account holders ask for themselves (forgot password), and idempotent portal tickets. */
export class CreateSelfServiceCodes1765000000000 implements MigrationInterface {
  name = 'CreateSelfServiceCodes1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE self_service_codes (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        request_id VARCHAR(64) NOT NULL COMMENT 'the forgot-password request that made it; a retried job finds it and sends nothing twice',
        code_hash CHAR(64) NOT NULL COMMENT 'HMAC-SHA256 of the code; the code itself is never stored',
        status VARCHAR(16) NOT NULL DEFAULT 'pending',
        attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_self_service_codes_request (request_id),
        KEY idx_self_service_codes_account (account_id, id),
        CONSTRAINT fk_self_service_codes_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT chk_self_service_codes_status CHECK (status IN ('pending', 'used', 'expired', 'locked', 'superseded'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    // A contact-support request opens at most one ticket, however often its job runs.
    await queryRunner.query(
      'ALTER TABLE tickets ADD COLUMN portal_request_id VARCHAR(64) NULL AFTER opened_by_staff_id, ADD UNIQUE KEY uq_tickets_portal_request (portal_request_id)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tickets DROP INDEX uq_tickets_portal_request, DROP COLUMN portal_request_id');
    await queryRunner.query('DROP TABLE self_service_codes');
  }
}
