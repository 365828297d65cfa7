import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records how each staff session was opened (`password`, `password+totp`,
 * `password+recovery-code`), so a session says what its sign-in proved and
 * another sign-in method (single sign-on) can be told apart. Sessions opened
 * before keep NULL: what they proved was not recorded. No CHECK list of values:
 * a new sign-in method must not need a schema change to open sessions.
 */
export class StaffSessionMethod1765500000000 implements MigrationInterface {
  name = 'StaffSessionMethod1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE staff_sessions ADD COLUMN method VARCHAR(32) NULL COMMENT 'how the session was opened: password, password+totp, password+recovery-code' AFTER user_agent",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE staff_sessions DROP COLUMN method');
  }
}
