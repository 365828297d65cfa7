import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTickets1764600000000 implements MigrationInterface {
  name = 'CreateTickets1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tickets (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        account_id BIGINT UNSIGNED NOT NULL,
        subject VARCHAR(200) NOT NULL,
        description TEXT NOT NULL,
        channel VARCHAR(16) NOT NULL,
        priority VARCHAR(16) NOT NULL DEFAULT 'normal',
        status VARCHAR(16) NOT NULL DEFAULT 'open',
        assignee_id INT UNSIGNED NULL,
        opened_by_staff_id INT UNSIGNED NULL COMMENT 'NULL when the account holder opened it',
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        resolved_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY idx_tickets_status_created (status, created_at),
        KEY idx_tickets_assignee_status (assignee_id, status),
        KEY idx_tickets_account (account_id),
        CONSTRAINT fk_tickets_account FOREIGN KEY (account_id) REFERENCES accounts (id),
        CONSTRAINT fk_tickets_assignee FOREIGN KEY (assignee_id) REFERENCES staff (id),
        CONSTRAINT chk_tickets_channel CHECK (channel IN ('phone', 'portal', 'email', 'chat')),
        CONSTRAINT chk_tickets_priority CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        CONSTRAINT chk_tickets_status CHECK (status IN ('open', 'verifying', 'verified', 'reset_sent', 'resolved', 'closed', 'cancelled'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE ticket_notes (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        ticket_id BIGINT UNSIGNED NOT NULL,
        author_staff_id INT UNSIGNED NOT NULL,
        body TEXT NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY idx_ticket_notes_ticket (ticket_id, id),
        CONSTRAINT fk_ticket_notes_ticket FOREIGN KEY (ticket_id) REFERENCES tickets (id),
        CONSTRAINT fk_ticket_notes_author FOREIGN KEY (author_staff_id) REFERENCES staff (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket_notes');
    await queryRunner.query('DROP TABLE tickets');
  }
}
