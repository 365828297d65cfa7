import { MigrationInterface, QueryRunner } from 'typeorm';

// The presets as shipped (kept here, not imported, so this migration never changes when the code does).
const PRESETS = [
  [
    'Member portal',
    'At least 12 characters with 3 of 4 character classes; changed every 180 days.',
    1,
    12,
    128,
    3,
    '[]',
    180,
    5,
    '[7,3,0]',
    1,
    0,
    1,
  ],
  [
    'Web account',
    'At least 8 characters with an uppercase letter, a lowercase letter and a special character.',
    0,
    8,
    128,
    0,
    '["upper","lower","special"]',
    0,
    3,
    '[7,3,0]',
    1,
    0,
    1,
  ],
  [
    'Corporate',
    'At least 12 characters with 3 of 4 character classes; changed every 120 days; the last 10 may not be reused.',
    0,
    12,
    128,
    3,
    '[]',
    120,
    10,
    '[7,3,0]',
    1,
    2,
    1,
  ],
];

export class CreatePasswordPolicies1764400000000 implements MigrationInterface {
  name = 'CreatePasswordPolicies1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE password_policies (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(80) NOT NULL,
        description VARCHAR(500) NOT NULL DEFAULT '',
        is_default TINYINT(1) NOT NULL DEFAULT 0,
        min_length SMALLINT UNSIGNED NOT NULL,
        max_length SMALLINT UNSIGNED NOT NULL,
        min_classes TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT '"N of 4" character classes; 0 = no such rule',
        required_classes JSON NOT NULL COMMENT 'classes that must each appear: lower, upper, digit, special',
        max_age_days SMALLINT UNSIGNED NOT NULL DEFAULT 0 COMMENT '0 = never expires',
        history_count TINYINT UNSIGNED NOT NULL DEFAULT 0,
        reminder_days JSON NOT NULL,
        blocklist TINYINT(1) NOT NULL DEFAULT 1,
        min_strength TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'zxcvbn score 0-4; 0 = no such rule',
        forbid_personal_info TINYINT(1) NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_password_policies_name (name),
        KEY idx_password_policies_default (is_default)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    const now = new Date();
    for (const preset of PRESETS) {
      await queryRunner.query(
        `INSERT INTO password_policies (name, description, is_default, min_length, max_length, min_classes, required_classes,
           max_age_days, history_count, reminder_days, blocklist, min_strength, forbid_personal_info, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [...preset, now, now],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE password_policies');
  }
}
