import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const SELF_SERVICE_CODE_STATUSES = ['pending', 'used', 'expired', 'locked', 'superseded'] as const;
export type SelfServiceCodeStatus = (typeof SELF_SERVICE_CODE_STATUSES)[number];

/** A forgot-password code the account holder asked for. Only its HMAC is kept. */
@Entity({ name: 'self_service_codes' })
export class SelfServiceCodeEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: SelfServiceCodeStatus;

  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  attempts: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}
