import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const PORTAL_REQUEST_STATUSES = ['queued', 'processed', 'expired'] as const;
export type PortalRequestStatus = (typeof PORTAL_REQUEST_STATUSES)[number];

export const PORTAL_REQUEST_KINDS = ['forgot-password', 'contact-support'] as const;
export type PortalRequestKind = (typeof PORTAL_REQUEST_KINDS)[number];

/**
 * A portal request — forgot password, contact support — written before the
 * 202 for every address typed (known or not, so the answer costs the same):
 * the worker reads it, and the sweeper queues its job again if Redis lost it.
 */
@Entity({ name: 'portal_requests' })
export class PortalRequestEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: PortalRequestKind;

  /** What was typed and the client, encrypted with DATA_KEY. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: PortalRequestStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'queued_at', type: 'datetime', precision: 3 })
  queuedAt: Date;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3, nullable: true })
  processedAt: Date | null;
}
