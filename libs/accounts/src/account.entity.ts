import { bigintToNumber } from '@resetdesk/core';
import { Column, Entity, Generated, PrimaryColumn } from 'typeorm';

export const ACCOUNT_STATUSES = ['active', 'expired', 'locked', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** A person whose password ResetDesk manages (not a staff member). */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ type: 'varchar', length: 191 })
  username: string;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  /** An address on record besides the login email (which may sit behind the password the holder lost); codes may go to it. */
  @Column({ name: 'personal_email', type: 'varchar', length: 320, nullable: true })
  personalEmail: string | null;

  /** A phone number on record (E.164): the number support calls back on, never one the caller dictates. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  /** The account's manager (another account): whom a manager approval asks. */
  @Column({ name: 'manager_account_id', type: 'bigint', unsigned: true, nullable: true, transformer: bigintToNumber })
  managerId: number | null;

  /** The directory entry's manager DN as the sync read it; the account synced from that entry is `managerId`. */
  @Column({ name: 'manager_dn', type: 'varchar', length: 1024, nullable: true })
  managerDn: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  /** Compared byte for byte (utf8mb4_bin): chat platforms' ids are case-sensitive. */
  @Column({ name: 'chat_id', type: 'varchar', length: 128, nullable: true, collation: 'utf8mb4_bin' })
  chatId: string | null;

  /** entryUUID or objectGUID of the directory entry this account is synced from; null for a local account. */
  @Column({ name: 'directory_id', type: 'varchar', length: 64, nullable: true, collation: 'utf8mb4_bin' })
  directoryId: string | null;

  /** Where the directory store writes this account's password. */
  @Column({ name: 'directory_dn', type: 'varchar', length: 1024, nullable: true })
  directoryDn: string | null;

  @Column({ name: 'directory_synced_at', type: 'datetime', precision: 3, nullable: true })
  directorySyncedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  privileged: boolean;

  @Column({ name: 'policy_id', type: 'int', unsigned: true, nullable: true })
  policyId: number | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ name: 'password_changed_at', type: 'datetime', precision: 3, nullable: true })
  passwordChangedAt: Date | null;

  @Column({ name: 'password_expires_at', type: 'datetime', precision: 3, nullable: true })
  passwordExpiresAt: Date | null;

  @Column({ name: 'password_version', type: 'int', unsigned: true, default: 0 })
  passwordVersion: number;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: AccountStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt: Date;
}

@Entity({ name: 'password_history' })
export class PasswordHistoryEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true, transformer: bigintToNumber })
  @Generated('increment')
  id: number;

  @Column({ name: 'account_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  accountId: number;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** When a password set at `changedAt` expires under a policy with `maxAgeDays` (0 = never). */
export function expiryOf(changedAt: Date | null, maxAgeDays: number): Date | null {
  if (!changedAt || maxAgeDays <= 0) return null;
  return new Date(changedAt.getTime() + maxAgeDays * 86_400_000);
}

/** The account holder as the actor of an audit event (portal, reset link, chat). */
export function accountActor(account: Pick<AccountEntity, 'id' | 'username'>): { type: 'account'; id: number; label: string } {
  return { type: 'account', id: account.id, label: account.username };
}
