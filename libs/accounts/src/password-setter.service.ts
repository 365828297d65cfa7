import { Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder, RequestContext } from '@resetdesk/audit';
import { Clock, PasswordHasher } from '@resetdesk/core';
import { OutboxService, PrivilegedResetMethod } from '@resetdesk/mail';
import { evaluatePassword, PoliciesService } from '@resetdesk/policies';
import { StaffRepository } from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, expiryOf } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { AccountsRepository } from './accounts.repository';

export type PasswordChangeReason = 'admin' | 'assisted-reset' | 'reset-link' | 'self-service' | 'chat' | 'change';

/** A temporary password works this long, and only to choose a new one. */
export const TEMPORARY_PASSWORD_HOURS = 24;

export interface SetPasswordOptions {
  actor: AuditActor;
  context: RequestContext | null;
  reason: PasswordChangeReason;
  /** The ticket the change belongs to, for its timeline. */
  ticketId?: number | null;
  /** A temporary password: the holder must change it at first sign-in. */
  temporary?: boolean;
  /** The staff member who sent the reset link the holder used (the alert names them). */
  issuedByStaffId?: number | null;
  /** The supervisor who approved the reset of a privileged account. */
  approvedByStaffId?: number | null;
  /** Work to do in the same transaction (revoke tokens, queue the confirmation email…). */
  alsoInTransaction?: (manager: EntityManager, account: AccountEntity) => Promise<void>;
}

const ALERT_METHOD: Record<PasswordChangeReason, PrivilegedResetMethod> = {
  admin: 'admin',
  'assisted-reset': 'temporary',
  'reset-link': 'link',
  'self-service': 'forgot-password',
  chat: 'chat',
  change: 'change-password',
};

/**
 * The one way any flow sets an account's password: policy rules, history,
 * argon2id, history row, expiry, status — and an audit event without the
 * password. A privileged account's new password alerts every active
 * supervisor and admin, whichever path set it. Refusals are 422 listing
 * each failed rule.
 */
@Injectable()
export class PasswordSetter {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly policies: PoliciesService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
    private readonly outbox: OutboxService,
    private readonly staff: StaffRepository,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async setPassword(account: AccountEntity, password: string, options: SetPasswordOptions): Promise<AccountEntity> {
    const policy = await this.policies.resolve(account.policyId);
    const failed = evaluatePassword(policy, password, account).filter((rule) => !rule.passed);
    if (failed.length > 0) {
      throw new AccountException(AccountErrorCode.PasswordRejected, `The password does not meet the "${policy.name}" policy: ${failed.map((rule) => rule.message).join('; ')}`, {
        failedRules: failed.map((rule) => rule.code),
      });
    }
    if (await this.reusesRecentPassword(account, password, policy.historyCount)) {
      throw new AccountException(
        AccountErrorCode.PasswordRejected,
        `The password must differ from the last ${policy.historyCount} password(s) of this account`,
        { failedRules: ['HISTORY'] },
      );
    }

    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    const changes: Partial<AccountEntity> = {
      passwordHash,
      passwordChangedAt: now,
      passwordExpiresAt: options.temporary ? new Date(now.getTime() + TEMPORARY_PASSWORD_HOURS * 3_600_000) : expiryOf(now, policy.maxAgeDays),
      passwordVersion: account.passwordVersion + 1,
      mustChangePassword: options.temporary ?? false,
      // A disabled account stays disabled; expired and locked ones are active again.
      status: account.status === 'disabled' ? 'disabled' : 'active',
    };
    await this.dataSource.transaction(async (manager) => {
      await this.accounts.update(manager, account.id, changes, now);
      await this.accounts.addHistory(manager, account.id, passwordHash, now);
      await this.audit.record(manager, {
        actor: options.actor,
        action: AuditAction.AccountPasswordSet,
        target: { type: 'account', id: account.id },
        accountId: account.id,
        ticketId: options.ticketId ?? null,
        context: options.context,
        details: { reason: options.reason, temporary: options.temporary ?? false, policy: policy.name, passwordVersion: changes.passwordVersion },
      });
      await options.alsoInTransaction?.(manager, { ...account, ...changes });
      // After the path's own work: a reset refused there (a used link, a wrong code) alerts nobody.
      if (account.privileged) await this.alertSupervisors(manager, account, options, now);
    });
    return { ...account, ...changes, updatedAt: now };
  }

  /** One outbox row per active supervisor and admin, in the transaction that sets the password. */
  private async alertSupervisors(manager: EntityManager, account: AccountEntity, options: SetPasswordOptions, now: Date): Promise<void> {
    const staffId = options.actor.type === 'staff' ? Number(options.actor.id) : options.issuedByStaffId;
    const [recipients, named] = await Promise.all([
      this.staff.findActiveSupervisors(),
      this.staff.findByIds([staffId, options.approvedByStaffId].filter((id): id is number => typeof id === 'number')),
    ]);
    const nameOf = (id: number | null | undefined) => (id ? (named.find((member) => member.id === id)?.name ?? `staff #${id}`) : null);
    for (const recipient of recipients) {
      await this.outbox.enqueue(manager, {
        kind: 'privileged-reset-alert',
        to: recipient.email,
        accountId: account.id,
        data: {
          ticketId: options.ticketId ?? null,
          accountId: account.id,
          accountUsername: account.username,
          method: ALERT_METHOD[options.reason],
          agentName: nameOf(staffId) ?? '',
          approverName: nameOf(options.approvedByStaffId),
          at: now.toISOString(),
        },
      });
    }
  }

  /** The current password and the previous ones the policy remembers. */
  private async reusesRecentPassword(account: AccountEntity, password: string, historyCount: number): Promise<boolean> {
    if (historyCount <= 0) return false;
    const hashes = await this.accounts.recentHashes(account.id, historyCount);
    if (account.passwordHash && !hashes.includes(account.passwordHash)) hashes.unshift(account.passwordHash);
    for (const hash of hashes.slice(0, historyCount)) {
      if (await this.hasher.verify(hash, password)) return true;
    }
    return false;
  }
}
