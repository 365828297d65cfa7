import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export type DirectoryWriteOperation = 'set-password' | 'change-password' | 'unlock';
export type DirectoryWriteStatus = 'pending' | 'done' | 'refused' | 'failed' | 'unknown';

/** One directory write, from before the network call to its recorded outcome. */
@Entity({ name: 'directory_writes' })
export class DirectoryWriteEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  ticketId: number | null;

  @Column({ type: 'varchar', length: 32 })
  operation: DirectoryWriteOperation;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType: 'staff' | 'account' | 'system' | 'anonymous';

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_label', type: 'varchar', length: 320, nullable: true })
  actorLabel: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DirectoryWriteStatus;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt: Date | null;
}
