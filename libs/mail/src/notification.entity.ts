import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const NotificationStatus = { Queued: 'queued', Sent: 'sent', Failed: 'failed' } as const;
export type NotificationStatus = (typeof NotificationStatus)[keyof typeof NotificationStatus];
export const NOTIFICATION_STATUSES = Object.values(NotificationStatus);
export const NOTIFICATION_CHANNELS = ['email', 'chat'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** One email in the outbox: written in the same transaction as the action that caused it. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** email: `recipient` is an address; chat: a linked chat id, reached through CHAT_OUTBOUND_URL. */
  @Column({ type: 'varchar', length: 8, default: 'email' })
  channel: NotificationChannel;

  /** Expiry reminders: the days-before-expiry milestone (7, 3, 0…) the email stands for. */
  @Column({ type: 'smallint', nullable: true })
  milestone: number | null;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  accountId: number | null;

  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  /** Template data, encrypted with DATA_KEY: it may hold codes and links. Never leaves the server. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16, default: NotificationStatus.Queued })
  status: NotificationStatus;

  /** Counted before each send (committed before the SMTP call), so a send whose outcome a crash lost still shows as an attempt. */
  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts: number;

  @Column({ name: 'last_attempt_at', type: 'datetime', precision: 3, nullable: true })
  lastAttemptAt: Date | null;

  /** While an attempt sends: no other attempt of this row may start before then (a stalled job re-run mid-send). */
  @Column({ name: 'sending_until', type: 'datetime', precision: 3, nullable: true })
  sendingUntil: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError: string | null;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 191, nullable: true })
  dedupeKey: string | null;

  /** Email: the stable `Message-ID` every attempt of this row carries, so receivers can drop a re-sent copy. */
  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** Last time a job was handed to the queue for this row; the sweeper looks at it. */
  @Column({ name: 'queued_at', type: 'datetime', precision: 3 })
  queuedAt: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;
}
