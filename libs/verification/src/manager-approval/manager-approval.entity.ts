import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export type ManagerApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

/** An agent's question to an account's manager: is the caller on ticket N really this holder? */
@Entity({ name: 'manager_approvals' })
export class ManagerApprovalEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  ticketId: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ name: 'manager_account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  managerAccountId: number;

  @Column({ name: 'requested_by_staff_id', type: 'int', unsigned: true })
  requestedByStaffId: number;

  @Column({ type: 'varchar', length: 16 })
  status: ManagerApprovalStatus;

  @Column({ name: 'token_hash', type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'decided_at', type: 'datetime', precision: 3, nullable: true })
  decidedAt: Date | null;
}
