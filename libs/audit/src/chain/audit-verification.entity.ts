import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export type ChainBreak = 'missing' | 'changed' | 'inserted' | 'reordered';

/** One run of the chain verification: the System page, /api/health and /metrics read the latest. */
@Entity({ name: 'audit_verifications' })
export class AuditVerificationEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3 })
  finishedAt: Date;

  @Column({ name: 'triggered_by', type: 'varchar', length: 16 })
  triggeredBy: 'api' | 'cli' | 'schedule';

  @Column({ type: 'boolean' })
  ok: boolean;

  @Column({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  events: number;

  @Column({ name: 'last_seq', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  lastSeq: number | null;

  @Column({ name: 'head_hash', type: 'char', length: 64, nullable: true })
  headHash: string | null;

  @Column({ name: 'broken_seq', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  brokenSeq: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  reason: ChainBreak | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message: string | null;
}
