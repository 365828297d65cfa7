import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAccounts1764500000000 implements MigrationInterface {
  name = 'CreateAccounts1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE accounts (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        username VARCHAR(191) NOT NULL,
        email VARCHAR(320) NOT NULL,
        display_name VARCHAR(200) NOT NULL,
        chat_id VARCHAR(128) NULL,
        privileged TINYINT(1) NOT NULL DEFAULT 0,
        policy_id INT UNSIGNED NULL COMMENT 'NULL = the default policy',
        password_hash VARCHAR(255) NULL,
        password_changed_at DATETIME(3) NULL,
        password_expires_at DATETIME(3) NULL COMMENT 'password_changed_at + the policy max age; NULL = never',
        password_version INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'bumped on every change; reminders are keyed by it',
        must_change_password TINYINT(1) NOT NULL DEFAULT 0,
        status VARCHAR(16) NOT NULL DEFAULT 'active',
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_accounts_username (username),
        UNIQUE KEY uq_accounts_email (email),
        UNIQUE KEY uq_accounts_chat_id (chat_id),
        KEY idx_accounts_password_expires_at (password_expires_at),
        KEY idx_accounts_status (status),
        KEY idx_accounts_policy_id (policy_id),
        CONSTRAINT fk_accounts_policy FOREIGN KEY (policy_id) REFERENCES password_policies (id),
        CONSTRAINT chk_accounts_status CHECK (status IN ('active', 'expired', 'locked', 'disabled'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE password_history (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_password_history_account (account_id, id),
        CONSTRAINT fk_password_history_account FOREIGN KEY (account_id) REFERENCES accounts (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE password_history');
    await queryRunner.query('DROP TABLE accounts');
  }
}
