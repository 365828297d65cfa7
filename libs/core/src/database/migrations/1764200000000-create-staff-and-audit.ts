import { MigrationInterface, QueryRunner } from 'typeorm';

// Staff identity (accounts, sessions, recovery codes) and the audit trail.
// The audit columns seq / prev_hash / hash / sealed_at are left empty here and filled by the audit sealer.
export class CreateStaffAndAudit1764200000000 implements MigrationInterface {
  name = 'CreateStaffAndAudit1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE staff (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        email VARCHAR(320) NOT NULL,
        name VARCHAR(120) NOT NULL,
        role VARCHAR(16) NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        password_changed_at DATETIME(3) NOT NULL,
        totp_secret VARCHAR(255) NULL COMMENT 'AES-256-GCM with DATA_KEY',
        totp_pending_secret VARCHAR(255) NULL COMMENT 'enrollment not yet confirmed; AES-256-GCM with DATA_KEY',
        totp_last_step BIGINT NULL COMMENT 'last accepted RFC 6238 time step; a code is never accepted twice',
        failed_logins INT UNSIGNED NOT NULL DEFAULT 0,
        locked_until DATETIME(3) NULL,
        disabled TINYINT(1) NOT NULL DEFAULT 0,
        last_login_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_staff_email (email),
        CONSTRAINT chk_staff_role CHECK (role IN ('agent', 'supervisor', 'admin'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE staff_sessions (
        id CHAR(32) NOT NULL COMMENT 'random session id carried in access tokens',
        staff_id INT UNSIGNED NOT NULL,
        refresh_hash CHAR(64) NOT NULL COMMENT 'SHA-256 of the current refresh secret',
        created_at DATETIME(3) NOT NULL,
        last_used_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        revoked_at DATETIME(3) NULL,
        ip VARCHAR(45) NULL,
        user_agent VARCHAR(512) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_staff_sessions_refresh_hash (refresh_hash),
        KEY idx_staff_sessions_staff_id (staff_id, revoked_at),
        CONSTRAINT fk_staff_sessions_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE staff_recovery_codes (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        staff_id INT UNSIGNED NOT NULL,
        code_hash CHAR(64) NOT NULL COMMENT 'HMAC-SHA256 of the code',
        used_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_staff_recovery_codes_hash (staff_id, code_hash),
        CONSTRAINT fk_staff_recovery_codes_staff FOREIGN KEY (staff_id) REFERENCES staff (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        seq BIGINT UNSIGNED NULL COMMENT 'gapless position in the hash chain, set when sealed',
        occurred_at DATETIME(3) NOT NULL,
        actor_type VARCHAR(16) NOT NULL,
        actor_id VARCHAR(64) NULL,
        actor_label VARCHAR(320) NULL,
        action VARCHAR(64) NOT NULL,
        target_type VARCHAR(32) NULL,
        target_id VARCHAR(64) NULL,
        ticket_id BIGINT UNSIGNED NULL,
        account_id BIGINT UNSIGNED NULL,
        ip VARCHAR(45) NULL,
        user_agent VARCHAR(512) NULL,
        details JSON NOT NULL,
        prev_hash CHAR(64) NULL,
        hash CHAR(64) NULL,
        sealed_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_audit_events_seq (seq),
        KEY idx_audit_events_occurred_at (occurred_at),
        KEY idx_audit_events_action (action, occurred_at),
        KEY idx_audit_events_actor (actor_type, actor_id, occurred_at),
        KEY idx_audit_events_target (target_type, target_id),
        KEY idx_audit_events_ticket (ticket_id),
        KEY idx_audit_events_account (account_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_events');
    await queryRunner.query('DROP TABLE staff_recovery_codes');
    await queryRunner.query('DROP TABLE staff_sessions');
    await queryRunner.query('DROP TABLE staff');
  }
}
