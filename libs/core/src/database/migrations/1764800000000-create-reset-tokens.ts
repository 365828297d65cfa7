import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateResetTokens1764800000000 implements MigrationInterface {
  name = 'CreateResetTokens1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reset_tokens (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        ticket_id BIGINT UNSIGNED NULL,
        token_hash CHAR(64) NOT NULL COMMENT 'SHA-256 of the token; the token itself is only in the email',
        issued_by_staff_id INT UNSIGNED NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        revoked_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_reset_tokens_hash (token_hash),
        KEY idx_reset_tokens_account (account_id, used_at, revoked_at),
        KEY idx_reset_tokens_ticket (ticket_id, id),
        CONSTRAINT fk_reset_tokens_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT fk_reset_tokens_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN reset_approved_by_staff_id INT UNSIGNED NULL AFTER verified_until,
        ADD COLUMN reset_approved_at DATETIME(3) NULL AFTER reset_approved_by_staff_id
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tickets DROP COLUMN reset_approved_at, DROP COLUMN reset_approved_by_staff_id');
    await queryRunner.query('DROP TABLE reset_tokens');
  }
}
