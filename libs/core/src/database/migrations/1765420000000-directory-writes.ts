import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A journal of directory writes: a row is written with the claim, before the
 * network call, and closed with the outcome. A row left `pending` means the
 * process died between the directory's answer and our record of it; the
 * worker's sweep audits it so no password change goes unrecorded.
 */
export class DirectoryWrites1765420000000 implements MigrationInterface {
  name = 'DirectoryWrites1765420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_writes (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        ticket_id BIGINT UNSIGNED NULL,
        operation VARCHAR(32) NOT NULL COMMENT 'set-password, change-password or unlock',
        reason VARCHAR(32) NULL COMMENT 'which flow: reset-link, assisted-reset, self-service, chat, change, admin',
        actor_type VARCHAR(16) NOT NULL,
        actor_id VARCHAR(64) NULL,
        actor_label VARCHAR(320) NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'pending',
        started_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_directory_writes_pending (status, started_at),
        KEY idx_directory_writes_account (account_id, id),
        CONSTRAINT chk_directory_writes_status CHECK (status IN ('pending', 'done', 'refused', 'failed', 'unknown'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_writes');
  }
}
