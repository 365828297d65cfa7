import { MigrationInterface, QueryRunner } from 'typeorm';

// Plain SQL that both MySQL 8 and MariaDB 10.11 accept; timestamps are DATETIME(3) in UTC, set by the application.
export class CreateNotifications1764100000000 implements MigrationInterface {
  name = 'CreateNotifications1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        kind VARCHAR(40) NOT NULL,
        account_id BIGINT UNSIGNED NULL,
        recipient VARCHAR(320) NOT NULL,
        subject VARCHAR(255) NOT NULL,
        payload TEXT NOT NULL COMMENT 'template data, AES-256-GCM encrypted with DATA_KEY',
        status VARCHAR(16) NOT NULL DEFAULT 'queued',
        attempts INT UNSIGNED NOT NULL DEFAULT 0,
        last_error VARCHAR(1000) NULL,
        dedupe_key VARCHAR(191) NULL,
        message_id VARCHAR(255) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        queued_at DATETIME(3) NOT NULL,
        sent_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_notifications_dedupe_key (dedupe_key),
        KEY idx_notifications_status_queued_at (status, queued_at),
        KEY idx_notifications_kind_created_at (kind, created_at),
        KEY idx_notifications_account_id (account_id),
        CONSTRAINT chk_notifications_status CHECK (status IN ('queued', 'sent', 'failed'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notifications');
  }
}
