import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chat platforms' user ids are opaque and case-sensitive: `u1006` and
 * `Ú1006` are not `U1006`. Under the table's utf8mb4_unicode_ci they were the
 * same id, so a message from a look-alike id reached another holder's
 * account. utf8mb4_bin compares byte for byte (on MySQL 8 and MariaDB alike);
 * it still ignores trailing spaces, which every way in trims anyway. The
 * unique index is rebuilt with the column; ids that were distinct stay
 * distinct, so the change cannot fail on existing rows.
 */
export class ChatIdBinary1765310000000 implements MigrationInterface {
  name = 'ChatIdBinary1765310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts MODIFY chat_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Fails (duplicate key) if ids that differ only in case or accents were linked meanwhile: unlink one of them first.
    await queryRunner.query('ALTER TABLE accounts MODIFY chat_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL');
  }
}
