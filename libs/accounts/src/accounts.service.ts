import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder } from '@resetdesk/audit';
import { Clock, duplicateKeyOf, ListQuery, Page, RequestContext } from '@resetdesk/core';
import { PasswordPolicyEntity, PoliciesService, PolicyErrorCode, PolicyException } from '@resetdesk/policies';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEntity, expiryOf } from './account.entity';
import { AccountErrorCode, AccountException } from './account.exception';
import { AccountsRepository } from './accounts.repository';
import { ContactChangeNotices } from './contact-change-notices';
import { AccountListFilter, accountListSpec } from './dto/account-list.query';
import { AccountDetailDto, AccountDto, CreateAccountDto, toAccountDto, UpdateAccountDto } from './dto/account.dto';
import { PasswordSetter } from './password-setter.service';
import { DirectoryErrorCode, DirectoryException } from '@resetdesk/directory';

/**
 * Work another domain does, in the transaction that disables an account:
 * the reset links and codes it owns stop working. Returns how many it revoked.
 */
export type AccountDisabledListener = (manager: EntityManager, accountId: number, now: Date) => Promise<{ links: number; codes: number }>;

/** The account directory: agents search it, admins maintain it. */
@Injectable()
export class AccountsService implements OnModuleInit {
  private readonly disabledListeners: AccountDisabledListener[] = [];

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly policies: PoliciesService,
    private readonly passwords: PasswordSetter,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly contactNotices: ContactChangeNotices,
  ) {}

  onModuleInit(): void {
    // Expiry follows the policy: keep it right when a policy's maximum age or the default changes.
    this.policies.onChange({
      expiryRulesChanged: async (manager, policy, isDefault) => {
        await this.accounts.recomputeExpiry(manager, policy.id, isDefault, policy.maxAgeDays);
      },
      expiryImpact: (policyId, includeUnassigned, maxAgeDays, now) =>
        this.accounts.expiryImpact(policyId, includeUnassigned, maxAgeDays, now),
      beforeDelete: async (manager, policy) => {
        const users = await this.accounts.countByPolicy(manager, policy.id);
        if (users > 0)
          throw new PolicyException(
            PolicyErrorCode.InUse,
            `"${policy.name}" is used by ${users} account(s); move them to another policy first`,
          );
      },
    });
  }

  /** Tickets and self-service register what a disabled account must lose (they depend on this lib, not the other way round). */
  onDisabled(listener: AccountDisabledListener): void {
    this.disabledListeners.push(listener);
  }

  async list(query: ListQuery<AccountListFilter>): Promise<Page<AccountDto>> {
    const now = this.clock.now();
    const [rows, total] = await this.accounts.list(query, now);
    return new Page(
      accountListSpec.resource,
      rows.map((row) => toAccountDto(row, now)),
      total,
      query.skip,
    );
  }

  async get(id: number): Promise<AccountDetailDto> {
    const account = await this.require(id);
    const policy = await this.policies.resolve(account.policyId);
    const changes = await this.accounts.passwordChanges(id);
    const manager = account.managerId ? await this.accounts.findById(account.managerId) : null;
    return {
      ...toAccountDto(account, this.clock.now()),
      policyName: policy.name,
      managerName: manager ? `${manager.displayName} (${manager.username})` : null,
      passwordChanges: changes.map((date) => date.toISOString()),
    };
  }

  async create(actor: AuditActor, dto: CreateAccountDto, context: RequestContext): Promise<AccountDetailDto> {
    if (dto.policyId) await this.policies.resolve(dto.policyId);
    if (dto.managerId) await this.requireManager(dto.managerId, null);
    // An account made here has no directory entry yet, so a password for it has nowhere to go: refused before anything is written.
    if (dto.password !== undefined && this.passwords.store !== 'local') {
      throw new DirectoryException(
        DirectoryErrorCode.NotLinked,
        `Passwords live in the directory (DIRECTORY_KIND=${this.passwords.store}): create the person there and run a directory sync, or create the account here without a password`,
      );
    }
    const { password, ...profile } = dto;
    const account = await this.unique(dto, () =>
      this.dataSource.transaction(async (manager) => {
        const created = await this.accounts.insert(
          manager,
          { chatId: null, personalEmail: null, phone: null, managerId: null, privileged: false, policyId: null, ...profile },
          this.clock.now(),
        );
        await this.audit.record(manager, {
          actor,
          action: AuditAction.AccountCreated,
          target: { type: 'account', id: created.id },
          accountId: created.id,
          context,
          details: { ...profile, withPassword: password !== undefined },
        });
        return created;
      }),
    );
    if (password !== undefined) await this.passwords.setPassword(account, password, { actor, context, reason: 'admin' });
    return this.get(account.id);
  }

  async update(actor: AuditActor, id: number, dto: UpdateAccountDto, context: RequestContext): Promise<AccountDetailDto> {
    const { password, ...profile } = dto;
    const policy: PasswordPolicyEntity | null = profile.policyId !== undefined ? await this.policies.resolve(profile.policyId) : null;
    if (profile.managerId) await this.requireManager(profile.managerId, id);
    await this.unique(dto, () =>
      this.dataSource.transaction(async (manager) => {
        const account = await this.require(id, manager);
        const changes = Object.fromEntries(
          Object.entries(profile).filter(([key, value]) => value !== undefined && value !== account[key as keyof AccountEntity]),
        ) as Partial<AccountEntity>;
        if (policy && changes.policyId !== undefined) changes.passwordExpiresAt = expiryOf(account.passwordChangedAt, policy.maxAgeDays);
        if (Object.keys(changes).length === 0) return;
        const now = this.clock.now();
        await this.accounts.update(manager, id, changes, now);
        await this.audit.record(manager, {
          actor,
          action: AuditAction.AccountUpdated,
          target: { type: 'account', id },
          accountId: id,
          context,
          details: Object.fromEntries(
            Object.keys(changes).map((key) => [
              key,
              { from: account[key as keyof AccountEntity], to: changes[key as keyof AccountEntity] },
            ]),
          ),
        });
        if (changes.status === 'disabled') await this.revokeCredentials(manager, actor, id, now, context);
        if (changes.personalEmail !== undefined)
          await this.contactNotices.personalEmailChanged(manager, account, changes.personalEmail, now, 'support');
      }),
    );
    if (password !== undefined) await this.passwords.setPassword(await this.require(id), password, { actor, context, reason: 'admin' });
    return this.get(id);
  }

  /**
   * The holder's own change of their personal email (confirmed on the portal), in the caller's transaction: the same
   * audit event as an admin's edit, and the same notices. The account as it was, or null when it is gone or disabled.
   */
  async changePersonalEmail(
    manager: EntityManager,
    accountId: number,
    personalEmail: string | null,
    actor: AuditActor,
    context: RequestContext,
    now: Date,
  ): Promise<AccountEntity | null> {
    const account = await this.accounts.findForUpdate(manager, accountId);
    if (!account || account.status === 'disabled') return null;
    if (account.personalEmail === personalEmail) return account;
    await this.accounts.update(manager, accountId, { personalEmail }, now);
    await this.audit.record(manager, {
      actor,
      action: AuditAction.AccountUpdated,
      target: { type: 'account', id: accountId },
      accountId,
      context,
      details: { personalEmail: { from: account.personalEmail, to: personalEmail } },
    });
    await this.contactNotices.personalEmailChanged(manager, account, personalEmail, now, 'portal');
    return account;
  }

  /** A disabled account keeps no way in: every open link and code it was sent stops working. */
  private async revokeCredentials(
    manager: EntityManager,
    actor: AuditActor,
    id: number,
    now: Date,
    context: RequestContext,
  ): Promise<void> {
    let [links, codes] = [0, 0];
    for (const listener of this.disabledListeners) {
      const revoked = await listener(manager, id, now);
      [links, codes] = [links + revoked.links, codes + revoked.codes];
    }
    if (links + codes === 0) return;
    await this.audit.record(manager, {
      actor,
      action: AuditAction.CredentialsRevoked,
      target: { type: 'account', id },
      accountId: id,
      context,
      details: { reason: 'account-disabled', revokedLinks: links, revokedCodes: codes },
    });
  }

  async require(id: number, manager?: EntityManager): Promise<AccountEntity> {
    const account = await this.accounts.findById(id, manager);
    if (!account) throw AccountException.notFound(id);
    return account;
  }

  /** Turns a unique-key clash into a 409 naming the field. */
  /** A manager is another account; whether it may approve (active, with an email) is asked when an approval is. */
  private async requireManager(managerId: number, accountId: number | null): Promise<void> {
    if (managerId === accountId)
      throw new AccountException(AccountErrorCode.ManagerInvalid, 'An account cannot be its own manager; pick another account');
    if (!(await this.accounts.findById(managerId)))
      throw new AccountException(AccountErrorCode.ManagerInvalid, `managerId ${managerId} names no account; pick the manager's account`);
  }

  private async unique<T>(dto: { username?: string; email?: string; chatId?: string | null }, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const key = duplicateKeyOf(error);
      if (!key) throw error;
      const field =
        key === 'uq_accounts_email'
          ? `email ${dto.email}`
          : key === 'uq_accounts_chat_id'
            ? `chat id ${dto.chatId}`
            : `username ${dto.username}`;
      throw new AccountException(AccountErrorCode.Duplicate, `Another account already has the ${field}`);
    }
  }
}
