import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A phone number on record (E.164, "+442079460958"), set by admins or CSV import: for the support agent calling the
 * holder back on a number the caller did not dictate, and for an SMS gateway later. Not a code channel yet.
 */
export class AccountPhone1766600000000 implements MigrationInterface {
  name = 'AccountPhone1766600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "ALTER TABLE accounts ADD COLUMN phone VARCHAR(16) NULL COMMENT 'E.164: + and up to 15 digits' AFTER personal_email",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts DROP COLUMN phone');
  }
}
