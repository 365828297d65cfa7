import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealer reads `WHERE seq IS NULL ORDER BY id LIMIT 500`. With only the
 * unique key on seq, MariaDB sorts every unsealed row for each batch, which
 * crawls when a backlog builds up (a worker was down for a while). With
 * (seq, id) the rows come out of the index already in id order.
 */
export class AuditUnsealedIndex1764310000000 implements MigrationInterface {
  name = 'AuditUnsealedIndex1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX idx_audit_events_seq_id ON audit_events (seq, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_audit_events_seq_id ON audit_events');
  }
}
