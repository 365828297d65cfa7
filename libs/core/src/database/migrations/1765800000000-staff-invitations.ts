import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff invitations: a new member chooses their own password from an
 * emailed single-use link instead of being told one an admin made up. Only
 * the token's SHA-256 is stored.
 */
export class StaffInvitations1765800000000 implements MigrationInterface {
  name = 'StaffInvitations1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE staff_invitations (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        staff_id INT UNSIGNED NOT NULL,
        token_hash CHAR(64) NOT NULL COMMENT 'SHA-256 of the emailed token, hex',
        invited_by_staff_id INT UNSIGNED NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        revoked_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_staff_invitations_token (token_hash),
        KEY idx_staff_invitations_staff (staff_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE staff_invitations');
  }
}
