import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail becomes append-only in the database itself: a sealed event
 * cannot be updated, no event can be deleted, and an unsealed event may only
 * receive its chain columns (seq, prev_hash, hash, sealed_at) from the sealer.
 * The application never needs more; someone with DROP TRIGGER rights can
 * still tamper, and verification will then name the first broken event.
 */
export const AUDIT_APPEND_ONLY_TRIGGERS = [
  `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events FOR EACH ROW
   BEGIN
     IF OLD.seq IS NOT NULL THEN
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only: sealed events cannot be changed';
     END IF;
     IF NOT (NEW.id <=> OLD.id AND NEW.occurred_at <=> OLD.occurred_at AND NEW.actor_type <=> OLD.actor_type
             AND NEW.actor_id <=> OLD.actor_id AND NEW.actor_label <=> OLD.actor_label AND NEW.action <=> OLD.action
             AND NEW.target_type <=> OLD.target_type AND NEW.target_id <=> OLD.target_id AND NEW.ticket_id <=> OLD.ticket_id
             AND NEW.account_id <=> OLD.account_id AND NEW.ip <=> OLD.ip AND NEW.user_agent <=> OLD.user_agent
             AND NEW.details <=> OLD.details) THEN
       SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only: only the sealer may fill the chain columns';
     END IF;
   END`,
  `CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events FOR EACH ROW
     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_events is append-only: events cannot be deleted'`,
];
export const AUDIT_TRIGGER_NAMES = ['audit_events_no_update', 'audit_events_no_delete'];

export class AuditChain1764300000000 implements MigrationInterface {
  name = 'AuditChain1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of AUDIT_APPEND_ONLY_TRIGGERS) await queryRunner.query(trigger);
    await queryRunner.query(`
      CREATE TABLE audit_verifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        started_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NOT NULL,
        triggered_by VARCHAR(16) NOT NULL COMMENT 'api, cli or schedule',
        ok TINYINT(1) NOT NULL,
        events BIGINT UNSIGNED NOT NULL COMMENT 'sealed events checked',
        last_seq BIGINT UNSIGNED NULL,
        head_hash CHAR(64) NULL,
        broken_seq BIGINT UNSIGNED NULL,
        reason VARCHAR(16) NULL,
        message VARCHAR(500) NULL,
        PRIMARY KEY (id),
        KEY idx_audit_verifications_finished_at (finished_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_verifications');
    for (const name of AUDIT_TRIGGER_NAMES) await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
  }
}
