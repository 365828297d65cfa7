import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row every audit sealer locks and writes in the same transaction as the seals it applies. GET_LOCK used to
 * keep sealers apart, but named locks are per node on Galera and MySQL Group Replication ignores them, so two
 * sealers on two nodes could both seal and fork the chain. A row lock is still local to a node, but the write to
 * the row is certified cluster-wide: of two sealing transactions on two nodes, one commits and the other fails
 * (1213) and is run again on the new head.
 */
export class AuditChainHead1765900000000 implements MigrationInterface {
  name = 'AuditChainHead1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_chain_head (
        id TINYINT UNSIGNED NOT NULL COMMENT 'always 1: the one row sealers lock',
        seq BIGINT UNSIGNED NOT NULL COMMENT 'the newest sealed event (0 before the first)',
        hash CHAR(64) NULL,
        sealed_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        CONSTRAINT chk_audit_chain_head_single CHECK (id = 1)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      INSERT INTO audit_chain_head (id, seq, hash, sealed_at)
      SELECT 1, COALESCE(MAX(e.seq), 0),
             (SELECT h.hash FROM audit_events h WHERE h.seq IS NOT NULL ORDER BY h.seq DESC LIMIT 1),
             MAX(e.sealed_at)
        FROM audit_events e
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_chain_head');
  }
}
