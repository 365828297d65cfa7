import { bigintToNumber } from '@resetdesk/core';
import type { StaffRole } from './staff-roles';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A support verifier, agent, supervisor or admin. Never returned from the API as is: see StaffDto. */
@Entity({ name: 'staff' })
export class StaffEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: StaffRole;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'password_changed_at', type: 'datetime', precision: 3 })
  passwordChangedAt: Date;

  /** Confirmed TOTP secret, encrypted with DATA_KEY; null when 2FA is off. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 255, nullable: true })
  totpSecret: string | null;

  /** A secret issued by enrollment and not confirmed yet, encrypted with DATA_KEY. */
  @Column({ name: 'totp_pending_secret', type: 'varchar', length: 255, nullable: true })
  totpPendingSecret: string | null;

  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true, transformer: bigintToNumber })
  totpLastStep: number | null;

  @Column({ name: 'failed_logins', type: 'int', unsigned: true, default: 0 })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;

  get totpEnabled(): boolean {
    return this.totpSecret !== null;
  }
}

@Entity({ name: 'staff_recovery_codes' })
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: string;

  @Column({ name: 'staff_id', type: 'int', unsigned: true })
  staffId: number;

  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/**
 * How a session was opened: the secrets its sign-in proved, in order. Every sign-in path
 * (password, password and a second factor, single sign-on later) ends in the same session.
 */
export type SessionMethod = 'password' | 'password+totp' | 'password+recovery-code';

/** A signed-in browser: access tokens name it, the refresh cookie rotates it, revocation ends it. */
@Entity({ name: 'staff_sessions' })
export class StaffSessionEntity {
  @Column({ type: 'char', length: 32, primary: true })
  id: string;

  @Column({ name: 'staff_id', type: 'int', unsigned: true })
  staffId: number;

  @Column({ name: 'refresh_hash', type: 'char', length: 64 })
  refreshHash: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'datetime', precision: 3 })
  lastUsedAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  /** How the session was opened; null for sessions opened before this was recorded. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  method: SessionMethod | null;
}

/** One throttling counter: per member, kind of secret and client address (`*` for the member-wide ceiling). */
@Entity({ name: 'staff_sign_in_attempts' })
export class SignInAttemptEntity {
  @Column({ name: 'staff_id', type: 'int', unsigned: true, primary: true })
  staffId: number;

  @Column({ type: 'varchar', length: 16, primary: true })
  kind: string;

  @Column({ type: 'varchar', length: 45, primary: true })
  address: string;

  @Column({ name: 'window_ends_at', type: 'datetime', precision: 3 })
  windowEndsAt: Date;

  @Column({ type: 'int', unsigned: true })
  attempts: number;

  @Column({ type: 'int', unsigned: true })
  failures: number;

  @Column({ type: 'int', unsigned: true })
  tries: number;
}

/** The server-side half of an mfaToken: its jti, claimed once. */
@Entity({ name: 'staff_mfa_challenges' })
export class MfaChallengeEntity {
  @Column({ type: 'char', length: 32, primary: true })
  id: string;

  @Column({ name: 'staff_id', type: 'int', unsigned: true })
  staffId: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true })
  usedAt: Date | null;
}
