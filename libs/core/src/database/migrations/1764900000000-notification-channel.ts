import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications can go to a linked chat id through the signed outbound webhook, not only by email. */
export class NotificationChannel1764900000000 implements MigrationInterface {
  name = 'NotificationChannel1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE notifications ADD COLUMN channel VARCHAR(8) NOT NULL DEFAULT 'email' AFTER kind");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN channel');
  }
}
