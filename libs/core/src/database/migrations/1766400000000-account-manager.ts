import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An account's manager, another account: whom a manager approval (a verification factor) asks. Set by admins, by CSV
 * import (the manager's username) or by directory sync, which keeps the entry's `manager` DN as read and links the
 * account synced from that entry (found by the prefix index on directory_dn).
 */
export class AccountManager1766400000000 implements MigrationInterface {
  name = 'AccountManager1766400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE accounts
        ADD COLUMN manager_account_id BIGINT UNSIGNED NULL AFTER personal_email,
        ADD COLUMN manager_dn VARCHAR(1024) NULL COMMENT 'the directory entry''s manager attribute as read by the sync' AFTER manager_account_id,
        ADD CONSTRAINT fk_accounts_manager FOREIGN KEY (manager_account_id) REFERENCES accounts (id),
        ADD KEY idx_accounts_directory_dn (directory_dn(255))
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts DROP FOREIGN KEY fk_accounts_manager');
    await queryRunner.query(
      'ALTER TABLE accounts DROP KEY idx_accounts_directory_dn, DROP COLUMN manager_dn, DROP COLUMN manager_account_id',
    );
  }
}
