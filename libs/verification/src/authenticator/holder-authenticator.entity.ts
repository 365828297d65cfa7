import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const AUTHENTICATOR_STATUSES = ['pending', 'active', 'replaced', 'removed', 'expired'] as const;
export type AuthenticatorStatus = (typeof AUTHENTICATOR_STATUSES)[number];

/** An account holder's authenticator app (TOTP): at most one active per account, enrolled by the holder. */
@Entity({ name: 'account_authenticators' })
export class HolderAuthenticatorEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ type: 'varchar', length: 16 })
  status: AuthenticatorStatus;

  /** The TOTP secret sealed with DATA_KEY; never leaves the server once the enrollment is confirmed. */
  @Column({ name: 'secret_encrypted', type: 'varchar', length: 255 })
  secretEncrypted: string;

  @Column({ name: 'enrollment_token_hash', type: 'char', length: 64, nullable: true })
  enrollmentTokenHash: string | null;

  @Column({ name: 'confirm_attempts', type: 'tinyint', unsigned: true, default: 0 })
  confirmAttempts: number;

  /** The newest time step a code was accepted for: that step and older ones are replays. */
  @Column({ name: 'last_time_step', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  lastTimeStep: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'confirmed_at', type: 'datetime', precision: 3, nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt: Date | null;
}
