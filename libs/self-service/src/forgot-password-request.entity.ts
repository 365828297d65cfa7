import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const FORGOT_REQUEST_STATUSES = ['queued', 'processed', 'expired'] as const;
export type ForgotRequestStatus = (typeof FORGOT_REQUEST_STATUSES)[number];

/**
 * A forgot-password request, written before the 202 for every address typed
 * (known or not, so the answer costs the same): the worker reads it, and the
 * sweeper queues its job again if Redis lost it.
 */
@Entity({ name: 'forgot_password_requests' })
export class ForgotPasswordRequestEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  /** The address and client, encrypted with DATA_KEY. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ForgotRequestStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'queued_at', type: 'datetime', precision: 3 })
  queuedAt: Date;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3, nullable: true })
  processedAt: Date | null;
}
