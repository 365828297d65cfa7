import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the supervisor dashboard aggregates over, so every figure is an
 * index range scan: tickets opened and resolved per day (the resolved index
 * also covers time-to-resolve and the agents' tally), and open tickets by
 * status and channel.
 */
export class StatsIndexes1765200000000 implements MigrationInterface {
  name = 'StatsIndexes1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD KEY idx_tickets_created (created_at),
        ADD KEY idx_tickets_resolved (resolved_at, created_at, assignee_id),
        ADD KEY idx_tickets_status_channel (status, channel)
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE tickets DROP INDEX idx_tickets_status_channel, DROP INDEX idx_tickets_resolved, DROP INDEX idx_tickets_created',
    );
  }
}
