import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per directory sync: what started it, how far it got, its counts.
 * A running row's lease keeps a second worker from syncing at the same time
 * (a row, not GET_LOCK: named locks are per node on Galera).
 */
export class DirectorySyncRuns1765400100000 implements MigrationInterface {
  name = 'DirectorySyncRuns1765400100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_sync_runs (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        mode VARCHAR(16) NOT NULL COMMENT 'full or incremental',
        trigger_source VARCHAR(16) NOT NULL COMMENT 'schedule, cli or admin',
        requested_by_staff_id INT UNSIGNED NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'running',
        started_at DATETIME(3) NOT NULL,
        lease_until DATETIME(3) NULL COMMENT 'a running sync renews it; past it, the run is taken as dead',
        finished_at DATETIME(3) NULL,
        seen INT UNSIGNED NOT NULL DEFAULT 0,
        created INT UNSIGNED NOT NULL DEFAULT 0,
        updated INT UNSIGNED NOT NULL DEFAULT 0,
        unchanged INT UNSIGNED NOT NULL DEFAULT 0,
        disabled INT UNSIGNED NOT NULL DEFAULT 0,
        conflicts INT UNSIGNED NOT NULL DEFAULT 0,
        change_cursor VARCHAR(64) NULL COMMENT 'highest modifyTimestamp (LDAP) or uSNChanged (AD) read; the next incremental run starts there',
        error VARCHAR(1000) NULL,
        PRIMARY KEY (id),
        KEY idx_directory_sync_runs_status (status, id),
        CONSTRAINT chk_directory_sync_runs_status CHECK (status IN ('running', 'succeeded', 'failed')),
        CONSTRAINT chk_directory_sync_runs_mode CHECK (mode IN ('full', 'incremental'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_sync_runs');
  }
}
