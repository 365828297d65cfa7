import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const TICKET_CHANNELS = ['phone', 'portal', 'email', 'chat'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_STATUSES = ['open', 'verifying', 'verified', 'reset_sent', 'resolved', 'closed', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

@Entity({ name: 'tickets' })
export class TicketEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  description: string;

  /** A phone number the portal requester asked to be called back on: not verified, shown as such. */
  @Column({ name: 'callback_phone', type: 'varchar', length: 32, nullable: true })
  callbackPhone: string | null;

  /** Another email address the portal requester gave: not verified, and never written to automatically. */
  @Column({ name: 'callback_email', type: 'varchar', length: 320, nullable: true })
  callbackEmail: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel: TicketChannel;

  @Column({ type: 'varchar', length: 16, default: 'normal' })
  priority: TicketPriority;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: TicketStatus;

  /** Until when a verified caller may be reset without a new code. */
  @Column({ name: 'verified_until', type: 'datetime', precision: 3, nullable: true })
  verifiedUntil: Date | null;

  /** A supervisor's go-ahead to reset a privileged account on this ticket (four eyes). */
  @Column({ name: 'reset_approved_by_staff_id', type: 'int', unsigned: true, nullable: true })
  resetApprovedByStaffId: number | null;

  @Column({ name: 'reset_approved_at', type: 'datetime', precision: 3, nullable: true })
  resetApprovedAt: Date | null;

  /** An agent asked supervisors for that go-ahead (they were emailed); holds for the verification it was made in. */
  @Column({ name: 'approval_requested_at', type: 'datetime', precision: 3, nullable: true })
  approvalRequestedAt: Date | null;

  @Column({ name: 'approval_requested_by_staff_id', type: 'int', unsigned: true, nullable: true })
  approvalRequestedByStaffId: number | null;

  @Column({ name: 'assignee_id', type: 'int', unsigned: true, nullable: true })
  assigneeId: number | null;

  @Column({ name: 'opened_by_staff_id', type: 'int', unsigned: true, nullable: true })
  openedByStaffId: number | null;

  /** The contact-support request that opened it from the portal (one ticket per request). */
  @Column({ name: 'portal_request_id', type: 'varchar', length: 64, nullable: true })
  portalRequestId: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ name: 'resolved_at', type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;
}

@Entity({ name: 'ticket_notes' })
export class TicketNoteEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  ticketId: number;

  @Column({ name: 'author_staff_id', type: 'int', unsigned: true })
  authorStaffId: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
