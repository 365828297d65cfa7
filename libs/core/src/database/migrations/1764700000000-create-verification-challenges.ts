import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVerificationChallenges1764700000000 implements MigrationInterface {
  name = 'CreateVerificationChallenges1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE verification_challenges (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        ticket_id BIGINT UNSIGNED NOT NULL,
        account_id BIGINT UNSIGNED NOT NULL,
        channel VARCHAR(8) NOT NULL,
        code_hash CHAR(64) NOT NULL COMMENT 'HMAC-SHA256 of the code; the code itself is never stored',
        status VARCHAR(16) NOT NULL DEFAULT 'pending',
        attempts TINYINT UNSIGNED NOT NULL DEFAULT 0,
        issued_by_staff_id INT UNSIGNED NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        verified_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_verification_challenges_ticket (ticket_id, id),
        KEY idx_verification_challenges_account (account_id, created_at),
        CONSTRAINT fk_verification_challenges_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id),
        CONSTRAINT fk_verification_challenges_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT chk_verification_challenges_status CHECK (status IN ('pending', 'verified', 'expired', 'locked', 'superseded'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query('ALTER TABLE tickets ADD COLUMN verified_until DATETIME(3) NULL AFTER status');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tickets DROP COLUMN verified_until');
    await queryRunner.query('DROP TABLE verification_challenges');
  }
}
