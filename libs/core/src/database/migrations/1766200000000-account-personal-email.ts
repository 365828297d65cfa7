import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A personal email on record, beside the login email: for a holder locked out of the directory account their work
 * mailbox sits behind, a verification code can go to an address that password does not open. Set by admins; codes
 * only ever go to addresses on record, never to one a caller dictates. Not unique: a household may share one.
 */
export class AccountPersonalEmail1766200000000 implements MigrationInterface {
  name = 'AccountPersonalEmail1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts ADD COLUMN personal_email VARCHAR(320) NULL AFTER email');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts DROP COLUMN personal_email');
  }
}
