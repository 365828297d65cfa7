import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts synced from a directory: the entry's DN (where resets are
 * written) and its stable id (entryUUID or objectGUID, compared byte for
 * byte, so a renamed or moved entry stays the same account).
 */
export class DirectoryAccounts1765400000000 implements MigrationInterface {
  name = 'DirectoryAccounts1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE accounts
        ADD COLUMN directory_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL COMMENT 'entryUUID (LDAP) or objectGUID (AD); NULL = a local account' AFTER chat_id,
        ADD COLUMN directory_dn VARCHAR(1024) NULL COMMENT 'the entry as of the last sync' AFTER directory_id,
        ADD COLUMN directory_synced_at DATETIME(3) NULL AFTER directory_dn,
        ADD UNIQUE KEY uq_accounts_directory_id (directory_id)
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE accounts DROP INDEX uq_accounts_directory_id, DROP COLUMN directory_synced_at, DROP COLUMN directory_dn, DROP COLUMN directory_id',
    );
  }
}
