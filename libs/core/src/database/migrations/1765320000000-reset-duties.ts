import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Separation of duties is re-checked when the reset happens: who entered the
 * caller's code, and who approved the reset a link carries out (the link is
 * redeemed later, after the ticket's approval is used up).
 */
export class ResetDuties1765320000000 implements MigrationInterface {
  name = 'ResetDuties1765320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE verification_challenges ADD COLUMN verified_by_staff_id INT UNSIGNED NULL AFTER issued_by_staff_id',
    );
    await queryRunner.query('ALTER TABLE reset_tokens ADD COLUMN approved_by_staff_id INT UNSIGNED NULL AFTER issued_by_staff_id');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE reset_tokens DROP COLUMN approved_by_staff_id');
    await queryRunner.query('ALTER TABLE verification_challenges DROP COLUMN verified_by_staff_id');
  }
}
