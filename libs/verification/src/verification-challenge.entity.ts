import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const CHALLENGE_STATUSES = ['pending', 'verified', 'expired', 'locked', 'superseded'] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

/** One code sent to an account holder for a ticket. */
@Entity({ name: 'verification_challenges' })
export class VerificationChallengeEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'ticket_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  ticketId: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  /** Where the code came from: sent to the login or the personal email or by chat, or made by the holder's own authenticator app. */
  @Column({ type: 'varchar', length: 16 })
  channel: 'email' | 'personal_email' | 'chat' | 'authenticator';

  /** HMAC of a sent code; null for the authenticator, whose app makes the code. */
  @Column({ name: 'code_hash', type: 'char', length: 64, nullable: true })
  codeHash: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ChallengeStatus;

  @Column({ type: 'tinyint', unsigned: true, default: 0 })
  attempts: number;

  @Column({ name: 'issued_by_staff_id', type: 'int', unsigned: true, nullable: true })
  issuedByStaffId: number | null;

  /** Who entered the right code: with the sender, a "verifier" for separation of duties. */
  @Column({ name: 'verified_by_staff_id', type: 'int', unsigned: true, nullable: true })
  verifiedByStaffId: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'verified_at', type: 'datetime', precision: 3, nullable: true })
  verifiedAt: Date | null;
}
