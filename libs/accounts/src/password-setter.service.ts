import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuditAction, AuditActor, AuditEventInput, AuditRecorder } from '@resetdesk/audit';
import { Clock, PasswordHasher, retryOnDeadlock, RequestContext } from '@resetdesk/core';
import {
  DIRECTORY_RULES,
  DirectoryConnection,
  DirectoryErrorCode,
  DirectoryException,
  DIRECTORY_RETRY_AFTER_SECONDS,
  DirectoryIncompleteWrite,
  DirectoryMetrics,
  DirectoryOutcomeUnknown,
  DirectoryRefusal,
  DirectoryWritesRepository,
  operatorText,
  PASSWORD_DIRECTORY,
  PasswordDirectory,
  proveHolderPassword,
} from '@resetdesk/directory';
import { PrivilegedResetMethod } from '@resetdesk/mail';
import { evaluatePassword, PoliciesService, RuleResult } from '@resetdesk/policies';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, expiryOf } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { AccountsRepository } from './accounts.repository';
import { PrivilegedAlerts } from './privileged-alerts.service';

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
  /**
   * Takes what this change uses up (a link, a code, the ticket's verified
   * state), refusing when it is gone. With the local store it runs in the
   * transaction that sets the password; with a directory it commits before
   * the directory is written, so no row stays locked during a network call
   * and a second use of the same link finds it taken.
   */
  claim?: (manager: EntityManager) => Promise<void>;
  /** Gives back what `claim` took when the directory refuses the password or cannot be reached. */
  release?: (manager: EntityManager) => Promise<void>;
  /**
   * The holder's current password, for their own change: a directory then
   * makes the change as the holder and applies its own history and age rules.
   * (The caller has checked it already for the local store.)
   */
  currentPassword?: string;
  /** Work to do in the same transaction as the new password's record (revoke tokens, queue the confirmation email…). */
  alsoInTransaction?: (manager: EntityManager, account: AccountEntity) => Promise<void>;
}

/** The directory refused the holder's current password in their own change. */
export class CurrentPasswordRefused extends Error {
  constructor() {
    super('The directory refused the current password');
  }
}

/** What the agent is told when the directory took the password but not its must-change flag. */
const INCOMPLETE_WARNING = {
  temporary:
    'The directory took the temporary password but could not be told to make the holder change it: ask the caller to change it on the portal right away, and tell an administrator',
  chosen: 'The directory took the new password but still asks the holder to change it at the next sign-in: tell an administrator',
} as const;

/** An account's state after a new password; `directoryWarning` when the directory took it only in part. */
export type PasswordSetResult = AccountEntity & { directoryWarning?: string };

/** Which directory operation a password change is: the holder's own (with their current password) or a set by the service account. */
function writeOperation(options: SetPasswordOptions): 'change-password' | 'set-password' {
  return options.currentPassword !== undefined ? 'change-password' : 'set-password';
}

/** An account's password fields after a new password, wherever it is kept. */
function newPasswordState(
  account: AccountEntity,
  passwordHash: string | null,
  maxAgeDays: number,
  options: SetPasswordOptions,
  now: Date,
): Partial<AccountEntity> {
  return {
    passwordHash,
    passwordChangedAt: now,
    passwordExpiresAt: options.temporary ? new Date(now.getTime() + TEMPORARY_PASSWORD_HOURS * 3_600_000) : expiryOf(now, maxAgeDays),
    passwordVersion: account.passwordVersion + 1,
    mustChangePassword: options.temporary ?? false,
    // A disabled account stays disabled; expired and locked ones are active again.
    status: account.status === 'disabled' ? 'disabled' : 'active',
  };
}

/** Whether a verdict may try the history now, only once typed twice, or leaves it to the change (its budget is spent). */
export type HistoryCheck = 'check' | 'later' | 'on-submit';

/** What `setPassword` would say of a candidate, rule by rule, for a holder's live checklist. */
export interface AccountPasswordVerdict {
  /** No rule fails; a pending one (history) is decided by the change. */
  passed: boolean;
  rules: RuleResult[];
  /** The directory that has the last word on submit with its own rules (history, age), or null for the local store. */
  directory: PasswordDirectory['kind'] | null;
}

/** Directory refusals about the new password itself: the holder can pick another (422). */
const PASSWORD_RULES = new Set<string>([
  DIRECTORY_RULES.HISTORY,
  DIRECTORY_RULES.MIN_LENGTH,
  DIRECTORY_RULES.QUALITY,
  DIRECTORY_RULES.MIN_AGE,
]);

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
  private readonly logger = new Logger(PasswordSetter.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly policies: PoliciesService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
    private readonly alerts: PrivilegedAlerts,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly journal: DirectoryWritesRepository,
    private readonly connection: DirectoryConnection,
    private readonly metrics: DirectoryMetrics,
    @Optional() @Inject(PASSWORD_DIRECTORY) private readonly directory: PasswordDirectory | null = null,
  ) {}

  /** Where this installation keeps holders' passwords. */
  get store(): 'local' | PasswordDirectory['kind'] {
    return this.directory?.kind ?? 'local';
  }

  /** What checking a current password costs, for a username that has none to check: an argon2 verify, or a directory bind that fails. */
  async verifyDecoy(password: string): Promise<void> {
    if (this.directory) await this.connection.decoyBind(password);
    else await this.hasher.verifyDecoy(password);
  }

  /**
   * Whether `password` is the holder's current one, before anything else is
   * said about the account: argon2 against the local hash, or a bind as the
   * holder (an unlinked directory account proves nothing, at a decoy's cost).
   */
  async proveCurrentPassword(account: AccountEntity, password: string): Promise<boolean> {
    if (!this.directory) {
      if (account.passwordHash) return this.hasher.verify(account.passwordHash, password);
      await this.hasher.verifyDecoy(password);
      return false;
    }
    if (!account.directoryDn) {
      await this.connection.decoyBind(password);
      return false;
    }
    try {
      return await this.metrics.observe('verify_password', () => proveHolderPassword(this.connection, account.directoryDn!, password));
    } catch (error) {
      throw DirectoryException.from(error);
    }
  }

  /**
   * The rules `setPassword` applies to this account, each with its verdict:
   * the account's own policy and, with the local store, its history. History
   * is tried only once every other rule passes and `history` allows it (each
   * remembered password costs an argon2 comparison, and the answer says
   * something about the current password); until then it is pending, and a
   * pending rule does not fail the verdict — the change decides it.
   */
  async verdict(account: AccountEntity, password: string, history: () => Promise<HistoryCheck>): Promise<AccountPasswordVerdict> {
    const policy = await this.policies.resolve(account.policyId);
    const rules = evaluatePassword(policy, password, account);
    if (!this.directory && policy.historyCount > 0) {
      const message =
        policy.historyCount === 1
          ? 'Not your current password'
          : `Not your current password or one of the ${policy.historyCount - 1} before it`;
      const allowed = rules.every((rule) => rule.passed) ? await history() : 'later';
      if (allowed === 'check') {
        rules.push({ code: 'HISTORY', message, passed: !(await this.reusesRecentPassword(account, password, policy.historyCount)) });
      } else {
        rules.push({
          code: 'HISTORY',
          message: allowed === 'on-submit' ? `${message} (checked when you submit)` : message,
          passed: false,
          pending: true,
        });
      }
    }
    return { passed: rules.every((rule) => rule.passed || rule.pending), rules, directory: this.directory?.kind ?? null };
  }

  async setPassword(account: AccountEntity, password: string, options: SetPasswordOptions): Promise<PasswordSetResult> {
    const policy = await this.policies.resolve(account.policyId);
    const failed = evaluatePassword(policy, password, account).filter((rule) => !rule.passed);
    if (failed.length > 0) {
      throw new AccountException(
        AccountErrorCode.PasswordRejected,
        `The password does not meet the "${policy.name}" policy: ${failed.map((rule) => rule.message).join('; ')}`,
        {
          failedRules: failed.map((rule) => rule.code),
        },
      );
    }
    if (this.directory) return this.setInDirectory(this.directory, account, password, policy, options);
    if (await this.reusesRecentPassword(account, password, policy.historyCount)) {
      throw new AccountException(
        AccountErrorCode.PasswordRejected,
        `The password must differ from the last ${policy.historyCount} password(s) of this account`,
        { failedRules: ['HISTORY'] },
      );
    }

    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    const changes = newPasswordState(account, passwordHash, policy.maxAgeDays, options, now);
    await this.dataSource.transaction(async (manager) => {
      await options.claim?.(manager);
      await this.accounts.update(manager, account.id, changes, now);
      await this.accounts.addHistory(manager, account.id, passwordHash, now);
      await this.recordChange(manager, account, changes, policy.name, options, now);
    });
    return { ...account, ...changes, updatedAt: now };
  }

  /**
   * claim (committed) → directory write → record (committed), or on failure
   * release (committed) with the refusal or outage audited. The directory
   * decides: its refusal is answered 422 with its rule, its absence 503, and
   * either way the link, code or ticket is as it was.
   */
  private async setInDirectory(
    directory: PasswordDirectory,
    account: AccountEntity,
    password: string,
    policy: { name: string; maxAgeDays: number },
    options: SetPasswordOptions,
  ): Promise<PasswordSetResult> {
    if (!account.directoryDn) {
      throw new DirectoryException(
        DirectoryErrorCode.NotLinked,
        `Account ${account.username} is not linked to a ${directory.kind === 'ad' ? 'Active Directory' : 'directory'} entry, so its password cannot be set; run a directory sync (npm run cli -- directory:sync) and try again`,
      );
    }
    const operation = writeOperation(options);
    // The claim and the journal row commit together, before the network call: a crash after the directory's answer leaves a pending row the sweep audits.
    const writeId = await this.dataSource.transaction(async (manager) => {
      await options.claim?.(manager);
      return this.journal.open(
        manager,
        { accountId: account.id, ticketId: options.ticketId ?? null, operation, reason: options.reason, actor: options.actor },
        this.clock.now(),
      );
    });
    const ref = { username: account.username, dn: account.directoryDn };
    let incomplete: DirectoryIncompleteWrite | null = null;
    try {
      if (options.currentPassword !== undefined) await directory.changePassword(ref, options.currentPassword, password);
      else await directory.setPassword(ref, password, { temporary: options.temporary ?? false, unlock: true });
    } catch (error) {
      // Sent, no answer: the password may be the new one, so what was claimed stays claimed (a link used twice
      // would meet its own history) and the journal says unknown.
      if (error instanceof DirectoryOutcomeUnknown) throw await this.recordUnknownOutcome(directory, account, options, writeId, error);
      // The password did change, only a follow-up (the must-change flag) did not: record the change, and the gap for an administrator.
      if (!(error instanceof DirectoryIncompleteWrite)) throw await this.undoClaim(directory, account, options, writeId, error);
      incomplete = error;
    }

    const now = this.clock.now();
    // The directory has the new password now: what follows records it and must not be lost.
    try {
      return await retryOnDeadlock(() =>
        this.dataSource.transaction(async (manager) => {
          // From the row as it is now: an admin or the sync may have disabled the account during the write.
          const current = (await this.accounts.findForUpdate(manager, account.id)) ?? account;
          // The directory holds the password: a hash here would be a second, stale copy. Until the next sync
          // reads the directory's own expiry, the policy's maximum age stands in.
          const changes = newPasswordState(current, null, policy.maxAgeDays, options, now);
          await this.journal.close(manager, writeId, 'done', now);
          await this.accounts.update(manager, account.id, changes, now);
          await this.recordChange(manager, current, changes, policy.name, options, now);
          if (incomplete) await this.recordDirectoryFailure(manager, directory, current, options, incomplete);
          return {
            ...current,
            ...changes,
            updatedAt: now,
            ...(incomplete ? { directoryWarning: INCOMPLETE_WARNING[options.temporary ? 'temporary' : 'chosen'] } : {}),
          };
        }),
      );
    } catch (error) {
      return this.recordBareChange(account, policy, options, writeId, now, error);
    }
  }

  /**
   * When the full record failed after the directory took the password (a
   * bug in a path's follow-up, a database blip): the change itself is still
   * recorded — account, journal, audit — and the caller told it worked, since
   * it did. What the path would have added (its own events, emails, the
   * ticket's resolution) is named in the log for an operator.
   */
  private async recordBareChange(
    account: AccountEntity,
    policy: { name: string; maxAgeDays: number },
    options: SetPasswordOptions,
    writeId: number,
    now: Date,
    cause: unknown,
  ): Promise<AccountEntity> {
    this.logger.error(
      `Account ${account.id}: the directory took the new password but its record failed (${cause instanceof Error ? cause.message : String(cause)}); recording the change alone`,
    );
    return retryOnDeadlock(() =>
      this.dataSource.transaction(async (manager) => {
        const current = (await this.accounts.findForUpdate(manager, account.id)) ?? account;
        const changes = newPasswordState(current, null, policy.maxAgeDays, options, now);
        await this.journal.close(manager, writeId, 'done', now);
        await this.accounts.update(manager, account.id, changes, now);
        await this.audit.record(manager, this.passwordSetEvent(current, changes, policy.name, options, { recordIncomplete: true }));
        return { ...current, ...changes, updatedAt: now };
      }),
    );
  }

  /** Closes the journal row as unknown and tells supervisors which account to check; returns what the caller is told. */
  private async recordUnknownOutcome(
    directory: PasswordDirectory,
    account: AccountEntity,
    options: SetPasswordOptions,
    writeId: number,
    error: DirectoryOutcomeUnknown,
  ): Promise<DirectoryException> {
    await this.dataSource.transaction(async (manager) => {
      await this.journal.close(manager, writeId, 'unknown', this.clock.now());
      await this.audit.record(manager, {
        actor: options.actor,
        action: AuditAction.DirectoryWriteOutcomeUnknown,
        target: { type: 'account', id: account.id },
        accountId: account.id,
        ticketId: options.ticketId ?? null,
        context: options.context,
        details: { reason: options.reason, directory: directory.kind, operation: writeOperation(options), error: operatorText(error) },
      });
    });
    return new DirectoryException(
      DirectoryErrorCode.OutcomeUnknown,
      options.temporary
        ? 'The directory did not confirm the temporary password, so it may or may not be set; verify the caller again and reset again in a minute'
        : error.message,
      { retryAfterSeconds: DIRECTORY_RETRY_AFTER_SECONDS },
    );
  }

  /** Gives back what the claim took, closes the journal row and audits why; returns what the caller is told. */
  private async undoClaim(
    directory: PasswordDirectory,
    account: AccountEntity,
    options: SetPasswordOptions,
    writeId: number,
    error: unknown,
  ): Promise<unknown> {
    await this.dataSource.transaction(async (manager) => {
      await this.journal.close(manager, writeId, error instanceof DirectoryRefusal ? 'refused' : 'failed', this.clock.now());
      await options.release?.(manager);
      await this.recordDirectoryFailure(manager, directory, account, options, error);
    });
    return this.directoryAnswer(directory, error, options);
  }

  /** The account.password_set event: which path, which policy, which store, never the password. */
  private passwordSetEvent(
    account: AccountEntity,
    changes: Partial<AccountEntity>,
    policyName: string,
    options: SetPasswordOptions,
    extra: Record<string, unknown> = {},
  ): AuditEventInput {
    return {
      actor: options.actor,
      action: AuditAction.AccountPasswordSet,
      target: { type: 'account', id: account.id },
      accountId: account.id,
      ticketId: options.ticketId ?? null,
      context: options.context,
      details: {
        reason: options.reason,
        temporary: options.temporary ?? false,
        policy: policyName,
        passwordVersion: changes.passwordVersion,
        store: this.store,
        ...extra,
      },
    };
  }

  /** The audit event, the path's own work, and the privileged-account alerts: one transaction with the account's new state. */
  private async recordChange(
    manager: EntityManager,
    account: AccountEntity,
    changes: Partial<AccountEntity>,
    policyName: string,
    options: SetPasswordOptions,
    now: Date,
  ): Promise<void> {
    await this.audit.record(manager, this.passwordSetEvent(account, changes, policyName, options));
    await options.alsoInTransaction?.(manager, { ...account, ...changes });
    // After the path's own work: a reset refused there (a used link, a wrong code) alerts nobody.
    if (account.privileged) {
      await this.alerts.alert(
        manager,
        account,
        {
          method: ALERT_METHOD[options.reason],
          actor: options.actor,
          ticketId: options.ticketId,
          issuedByStaffId: options.issuedByStaffId,
          approvedByStaffId: options.approvedByStaffId,
        },
        now,
      );
    }
  }

  private async recordDirectoryFailure(
    manager: EntityManager,
    directory: PasswordDirectory,
    account: AccountEntity,
    options: SetPasswordOptions,
    error: unknown,
  ): Promise<void> {
    const refusal = error instanceof DirectoryRefusal ? error : null;
    await this.audit.record(manager, {
      actor: options.actor,
      action: refusal ? AuditAction.AccountPasswordRefusedByDirectory : AuditAction.DirectoryWriteFailed,
      target: { type: 'account', id: account.id },
      accountId: account.id,
      ticketId: options.ticketId ?? null,
      context: options.context,
      details: {
        reason: options.reason,
        directory: directory.kind,
        operation: writeOperation(options),
        // The directory's own words for a refusal (no password in them); for an outage, what failed.
        ...(refusal
          ? { rule: refusal.rule, diagnostic: refusal.diagnostic ?? null, detail: refusal.detail }
          : { error: operatorText(error) }),
      },
    });
  }

  /** What the caller is told: the directory's rule in words (422), or 503 to try again; anything else is a bug and stays one. */
  private directoryAnswer(directory: PasswordDirectory, error: unknown, options: SetPasswordOptions): unknown {
    if (error instanceof DirectoryRefusal) {
      if (error.rule === DIRECTORY_RULES.WRONG_CURRENT_PASSWORD && options.currentPassword !== undefined)
        return new CurrentPasswordRefused();
      if (PASSWORD_RULES.has(error.rule)) {
        return new AccountException(AccountErrorCode.PasswordRejected, error.message, { failedRules: [error.rule], store: directory.kind });
      }
    }
    return DirectoryException.from(error);
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
