import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { CharacterClass } from './policy-rules';

/** A password policy. JSON columns come back parsed on both MySQL and MariaDB (TypeORM parses MariaDB's text). */
@Entity({ name: 'password_policies' })
export class PasswordPolicyEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault: boolean;

  @Column({ name: 'min_length', type: 'smallint', unsigned: true })
  minLength: number;

  @Column({ name: 'max_length', type: 'smallint', unsigned: true })
  maxLength: number;

  @Column({ name: 'min_classes', type: 'tinyint', unsigned: true, default: 0 })
  minClasses: number;

  @Column({ name: 'required_classes', type: 'json' })
  requiredClasses: CharacterClass[];

  @Column({ name: 'max_age_days', type: 'smallint', unsigned: true, default: 0 })
  maxAgeDays: number;

  @Column({ name: 'history_count', type: 'tinyint', unsigned: true, default: 0 })
  historyCount: number;

  @Column({ name: 'reminder_days', type: 'json' })
  reminderDays: number[];

  @Column({ type: 'boolean', default: true })
  blocklist: boolean;

  @Column({ name: 'min_strength', type: 'tinyint', unsigned: true, default: 0 })
  minStrength: number;

  @Column({ name: 'forbid_personal_info', type: 'boolean', default: true })
  forbidPersonalInfo: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}
