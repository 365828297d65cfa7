import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery that survives crashes and Redis flushes: each notification
 * records its attempt before the send (so a crash after a successful send
 * shows as a second attempt) and holds a short lease while it sends (so a
 * stalled job re-run during the send does not send it again), and a forgot-password request is a row before
 * the 202, so the sweeper can queue its job again if Redis lost it.
 */
export class DeliveryAttemptsAndForgotRequests1765340000000 implements MigrationInterface {
  name = 'DeliveryAttemptsAndForgotRequests1765340000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications ADD COLUMN last_attempt_at DATETIME(3) NULL AFTER attempts');
    await queryRunner.query('ALTER TABLE notifications ADD COLUMN sending_until DATETIME(3) NULL AFTER last_attempt_at');
    await queryRunner.query(`
      CREATE TABLE forgot_password_requests (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        request_id VARCHAR(64) NOT NULL COMMENT 'job id and the code row''s request id',
        payload TEXT NOT NULL COMMENT 'the address typed and the client, AES-256-GCM encrypted with DATA_KEY; known or not',
        status VARCHAR(16) NOT NULL DEFAULT 'queued',
        created_at DATETIME(3) NOT NULL,
        queued_at DATETIME(3) NOT NULL COMMENT 'last hand-off to the queue; the sweeper looks at it',
        processed_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_forgot_password_requests_request (request_id),
        KEY idx_forgot_password_requests_status_queued (status, queued_at),
        KEY idx_forgot_password_requests_created (created_at),
        CONSTRAINT chk_forgot_password_requests_status CHECK (status IN ('queued', 'processed', 'expired'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE forgot_password_requests');
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN sending_until');
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN last_attempt_at');
  }
}
