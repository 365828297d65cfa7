import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export type DirectorySyncMode = 'full' | 'incremental';
export type DirectorySyncTrigger = 'schedule' | 'cli' | 'admin';
export type DirectorySyncStatus = 'running' | 'succeeded' | 'failed';

/** One directory sync and its counts. */
@Entity({ name: 'directory_sync_runs' })
export class DirectorySyncRunEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ type: 'varchar', length: 16 })
  mode: DirectorySyncMode;

  @Column({ name: 'trigger_source', type: 'varchar', length: 16 })
  trigger: DirectorySyncTrigger;

  @Column({ name: 'requested_by_staff_id', type: 'int', unsigned: true, nullable: true })
  requestedByStaffId: number | null;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status: DirectorySyncStatus;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'lease_until', type: 'datetime', precision: 3, nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  seen: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  created: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  updated: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  unchanged: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  disabled: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  conflicts: number;

  @Column({ name: 'change_cursor', type: 'varchar', length: 64, nullable: true })
  changeCursor: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;
}
