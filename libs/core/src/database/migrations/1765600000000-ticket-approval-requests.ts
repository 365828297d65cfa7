import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An agent's request that a supervisor approve the reset of a privileged
 * account: when and by whom, so supervisors can be told and find the tickets
 * waiting for them. A request belongs to the verification it was made for: a
 * new verification, an approval or a finished ticket leaves it behind.
 */
export class TicketApprovalRequests1765600000000 implements MigrationInterface {
  name = 'TicketApprovalRequests1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN approval_requested_at DATETIME(3) NULL AFTER reset_approved_at,
        ADD COLUMN approval_requested_by_staff_id INT UNSIGNED NULL AFTER approval_requested_at,
        ADD INDEX idx_tickets_approval_requested (approval_requested_at)
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE tickets DROP INDEX idx_tickets_approval_requested, DROP COLUMN approval_requested_by_staff_id, DROP COLUMN approval_requested_at',
    );
  }
}
