import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = "'agent', 'supervisor', 'admin'";

/**
 * A verify-only role: a verifier opens tickets and verifies callers; resetting and unlocking stay with agents and
 * above. The role column's check constraint learns the new value (DROP CONSTRAINT: MariaDB 10.2+ and MySQL 8.0.19+).
 */
export class StaffVerifierRole1766000000000 implements MigrationInterface {
  name = 'StaffVerifierRole1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE staff DROP CONSTRAINT chk_staff_role');
    await queryRunner.query(`ALTER TABLE staff ADD CONSTRAINT chk_staff_role CHECK (role IN ('verifier', ${ROLES_BEFORE}))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Turning verifiers into agents would hand them resets; an admin decides what each becomes before going back.
    const [{ verifiers }] = (await queryRunner.query("SELECT COUNT(*) AS verifiers FROM staff WHERE role = 'verifier'")) as Array<{
      verifiers: string | number;
    }>;
    if (Number(verifiers) > 0) {
      throw new Error(`${verifiers} staff member(s) have the verifier role: give each another role (or disable them) before reverting`);
    }
    await queryRunner.query('ALTER TABLE staff DROP CONSTRAINT chk_staff_role');
    await queryRunner.query(`ALTER TABLE staff ADD CONSTRAINT chk_staff_role CHECK (role IN (${ROLES_BEFORE}))`);
  }
}
