import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact-support requests become database rows like forgot-password ones
 * (one table of portal requests, by kind): a request lost with Redis is
 * queued again by the sweeper instead of being lost. A portal ticket keeps
 * the call-back contact its requester gave (unverified, shown as such).
 */
export class PortalRequests1765700000000 implements MigrationInterface {
  name = 'PortalRequests1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('RENAME TABLE forgot_password_requests TO portal_requests');
    await queryRunner.query(`
      ALTER TABLE portal_requests
        ADD COLUMN kind VARCHAR(32) NOT NULL DEFAULT 'forgot-password' AFTER request_id,
        ADD CONSTRAINT chk_portal_requests_kind CHECK (kind IN ('forgot-password', 'contact-support'))
    `);
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN callback_phone VARCHAR(32) NULL COMMENT 'given on the portal with the request; not verified' AFTER description,
        ADD COLUMN callback_email VARCHAR(320) NULL COMMENT 'given on the portal with the request; not verified' AFTER callback_phone
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tickets DROP COLUMN callback_email, DROP COLUMN callback_phone');
    await queryRunner.query("DELETE FROM portal_requests WHERE kind <> 'forgot-password'");
    await queryRunner.query('ALTER TABLE portal_requests DROP CONSTRAINT chk_portal_requests_kind, DROP COLUMN kind');
    await queryRunner.query('RENAME TABLE portal_requests TO forgot_password_requests');
  }
}
