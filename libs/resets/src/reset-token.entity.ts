import { bigintToNumber } from '@resetdesk/core';
import { createHash } from 'node:crypto';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

/** What a reset link stores: the SHA-256 of its token (the token has 256 bits, so no salt or slow hash is needed). */
export function hashResetToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A single-use reset link. Only the SHA-256 of its token is kept; the token itself lives in one email. */
@Entity({ name: 'reset_tokens' })
export class ResetTokenEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  ticketId: number | null;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'issued_by_staff_id', type: 'int', unsigned: true, nullable: true })
  issuedByStaffId: number | null;

  /** The supervisor who approved the reset of a privileged account, for the alert when the link is used. */
  @Column({ name: 'approved_by_staff_id', type: 'int', unsigned: true, nullable: true })
  approvedByStaffId: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;

  /** Set when a newer link or any other reset of the account made this one void. */
  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;
}
