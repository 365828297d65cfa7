import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manager approval as a verification factor: an agent asks the account's manager, who gets an email naming the
 * holder, the ticket and the agent, with Approve and Deny links (one token, kept only as SHA-256, 30 minutes, used
 * once). Approval verifies the caller as a right code does; denial ends the verification and alerts supervisors.
 */
export class ManagerApprovals1766500000000 implements MigrationInterface {
  name = 'ManagerApprovals1766500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE manager_approvals (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        ticket_id BIGINT UNSIGNED NOT NULL,
        account_id BIGINT UNSIGNED NOT NULL,
        manager_account_id BIGINT UNSIGNED NOT NULL,
        requested_by_staff_id INT UNSIGNED NOT NULL,
        status VARCHAR(16) NOT NULL COMMENT 'pending; approved or denied by the manager; expired (30 minutes, or the ticket moved on)',
        token_hash CHAR(64) NULL COMMENT 'SHA-256 of the token in the email links; cleared once decided or expired',
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        decided_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_manager_approvals_ticket (ticket_id, id),
        KEY idx_manager_approvals_account (account_id, created_at),
        UNIQUE KEY uq_manager_approvals_token (token_hash),
        CONSTRAINT fk_manager_approvals_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id),
        CONSTRAINT fk_manager_approvals_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT fk_manager_approvals_manager FOREIGN KEY (manager_account_id) REFERENCES accounts (id),
        CONSTRAINT chk_manager_approvals_status CHECK (status IN ('pending', 'approved', 'denied', 'expired'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE manager_approvals');
  }
}
