import { MigrationInterface, QueryRunner } from 'typeorm';

/** Password-expiry reminders: the scan log, the milestone on each reminder, and an index for the expiry pass. */
export class ExpiryReminders1765100000000 implements MigrationInterface {
  name = 'ExpiryReminders1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reminder_runs (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        run_date DATE NOT NULL COMMENT 'the day the scan stood for, in REMINDER_TZ',
        time_zone VARCHAR(64) NOT NULL,
        triggered_by VARCHAR(16) NOT NULL COMMENT 'schedule, catch-up or cli',
        status VARCHAR(16) NOT NULL DEFAULT 'running',
        catch_up_days SMALLINT UNSIGNED NOT NULL DEFAULT 1 COMMENT 'days since the last completed scan this one covers',
        scanned INT UNSIGNED NOT NULL DEFAULT 0,
        queued INT UNSIGNED NOT NULL DEFAULT 0,
        duplicates INT UNSIGNED NOT NULL DEFAULT 0,
        expired INT UNSIGNED NOT NULL DEFAULT 0,
        error VARCHAR(1000) NULL,
        started_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_reminder_runs_status_date (status, run_date),
        CONSTRAINT chk_reminder_runs_status CHECK (status IN ('running', 'completed', 'failed'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    // Days before expiry an expiry reminder stands for: the delivery log filters and the dashboard counts by it.
    await queryRunner.query(
      'ALTER TABLE notifications ADD COLUMN milestone SMALLINT NULL AFTER channel, ADD KEY idx_notifications_kind_milestone (kind, milestone, created_at)',
    );
    // The expiry pass reads "active passwords whose day has come" without touching the rest of the directory.
    await queryRunner.query('ALTER TABLE accounts ADD KEY idx_accounts_status_expires (status, password_expires_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts DROP INDEX idx_accounts_status_expires');
    await queryRunner.query('ALTER TABLE notifications DROP INDEX idx_notifications_kind_milestone, DROP COLUMN milestone');
    await queryRunner.query('DROP TABLE reminder_runs');
  }
}
