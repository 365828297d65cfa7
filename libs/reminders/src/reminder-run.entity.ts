import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const REMINDER_RUN_TRIGGERS = ['schedule', 'catch-up', 'cli'] as const;
export type ReminderRunTrigger = (typeof REMINDER_RUN_TRIGGERS)[number];
export type ReminderRunStatus = 'running' | 'completed' | 'failed';

/** One reminder scan: what day it stood for and what it did. The last completed one sets the next one's catch-up. */
@Entity({ name: 'reminder_runs' })
export class ReminderRunEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  /** YYYY-MM-DD in `timeZone` (read as text: a DATE has no zone). */
  @Column({ name: 'run_date', type: 'date', utc: true })
  runDate: string;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ name: 'triggered_by', type: 'varchar', length: 16 })
  triggeredBy: ReminderRunTrigger;

  @Column({ type: 'varchar', length: 16, default: 'running' })
  status: ReminderRunStatus;

  @Column({ name: 'catch_up_days', type: 'smallint', unsigned: true, default: 1 })
  catchUpDays: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  scanned: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  queued: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  duplicates: number;

  @Column({ type: 'int', unsigned: true, default: 0 })
  expired: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error: string | null;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}

/** What a scan counted. */
export interface ReminderCounts {
  /** Accounts read on milestone days. */
  scanned: number;
  /** Reminders written to the outbox by this scan. */
  queued: number;
  /** Reminders already written by an earlier or concurrent scan (unique dedupe key). */
  duplicates: number;
  /** Accounts whose password this scan marked expired. */
  expired: number;
}
