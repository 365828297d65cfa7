import { Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder } from '@resetdesk/audit';
import { Clock, duplicateKeyOf, ListQuery, Page, RequestContext } from '@resetdesk/core';
import { DataSource, EntityManager } from 'typeorm';
import { PolicyListFilter, policyListSpec } from './dto/policy-list.query';
import { CheckPasswordDto, CreatePolicyDto, PasswordCheckDto, PolicyDto, toPolicyDto } from './dto/policy.dto';
import { UpdatePolicyDto } from './dto/update-policy.dto';
import { PasswordPolicyEntity } from './password-policy.entity';
import { PoliciesRepository } from './policies.repository';
import { PolicyErrorCode, PolicyException } from './policy.exception';
import { evaluatePassword } from './policy-rules';
import { DEFAULT_PRESET, POLICY_PRESETS } from './presets';

/** What other domains need to hear about policy changes, inside the same transaction. */
export interface PolicyChangeListener {
  /** The policy's maximum age changed, or it became the default (accounts without a policy follow it now). */
  expiryRulesChanged(manager: EntityManager, policy: PasswordPolicyEntity, isDefault: boolean): Promise<void>;
  /** Throws when the policy may not be deleted (it is in use). */
  beforeDelete(manager: EntityManager, policy: PasswordPolicyEntity): Promise<void>;
  /** What a maximum age would do to the accounts the policy governs (all without a policy too, for the default), now. */
  expiryImpact(policyId: number, includeUnassigned: boolean, maxAgeDays: number, now: Date): Promise<ExpiryImpact>;
}

/** Accounts a policy change would touch: how many it governs, and whose password it would expire now or within a week. */
export interface ExpiryImpact {
  accounts: number;
  expireNow: number;
  expireWithinWeek: number;
}

/** Password policies: administration, and the one check every password flow uses. */
@Injectable()
export class PoliciesService {
  private readonly listeners: PolicyChangeListener[] = [];

  constructor(
    private readonly policies: PoliciesRepository,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onChange(listener: PolicyChangeListener): void {
    this.listeners.push(listener);
  }

  async list(query: ListQuery<PolicyListFilter>): Promise<Page<PolicyDto>> {
    const [rows, total] = await this.policies.list(query);
    return new Page(policyListSpec.resource, rows.map(toPolicyDto), total, query.skip);
  }

  async get(id: number): Promise<PolicyDto> {
    return toPolicyDto(await this.require(id));
  }

  /** The policy for `policyId`, or the default one. */
  async resolve(policyId?: number | null): Promise<PasswordPolicyEntity> {
    if (policyId) return this.require(policyId);
    const policy = await this.policies.findDefault();
    if (!policy) throw new PolicyException(PolicyErrorCode.NotFound, 'No default password policy is set; an admin must choose one');
    return policy;
  }

  /** Every policy (an import names rows' policies by name). */
  all(): Promise<PasswordPolicyEntity[]> {
    return this.policies.findAll();
  }

  /** Every policy's reminder days, and which policy applies to accounts without one (reminder scans). */
  async reminderSchedules(): Promise<{ byPolicyId: Map<number, number[]>; defaultPolicyId: number | null }> {
    const all = await this.policies.findAll();
    return {
      byPolicyId: new Map(all.map((policy) => [policy.id, policy.reminderDays])),
      defaultPolicyId: all.find((policy) => policy.isDefault)?.id ?? null,
    };
  }

  /** Each rule's verdict for a candidate password (the history rule needs an account and is checked when setting it). */
  async check(dto: CheckPasswordDto): Promise<PasswordCheckDto> {
    const policy = await this.resolve(dto.policyId);
    const rules = evaluatePassword(policy, dto.password, { username: dto.username, email: dto.email, displayName: dto.displayName });
    return { policyId: policy.id, policyName: policy.name, passed: rules.every((rule) => rule.passed), rules };
  }

  /**
   * What saving `dto` would do to passwords, before it is saved: the accounts
   * whose password the new maximum age (or becoming the default) expires at
   * once or within a week, that are not expired already.
   */
  async impact(id: number, dto: UpdatePolicyDto): Promise<ExpiryImpact> {
    const policy = await this.require(id);
    const proposed = { ...policy, ...Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) };
    const now = this.clock.now();
    const totals: ExpiryImpact = { accounts: 0, expireNow: 0, expireWithinWeek: 0 };
    for (const listener of this.listeners) {
      const impact = await listener.expiryImpact(id, proposed.isDefault, proposed.maxAgeDays, now);
      totals.accounts += impact.accounts;
      totals.expireNow += impact.expireNow;
      totals.expireWithinWeek += impact.expireWithinWeek;
    }
    return totals;
  }

  async create(actor: AuditActor, dto: CreatePolicyDto, context: RequestContext): Promise<PolicyDto> {
    assertConsistent(dto);
    const now = this.clock.now();
    const created = await this.inTransaction(async (manager) => {
      const policy = await this.policies.insert(manager, { description: '', ...dto, isDefault: dto.isDefault ?? false }, now);
      if (policy.isDefault) await this.policies.clearDefaultExcept(manager, policy.id);
      await this.audit.record(manager, {
        actor,
        action: AuditAction.PolicyCreated,
        target: { type: 'password-policy', id: policy.id },
        context,
        details: { settings: { ...dto } },
      });
      return policy;
    }, dto.name);
    return toPolicyDto(created);
  }

  async update(actor: AuditActor, id: number, dto: UpdatePolicyDto, context: RequestContext): Promise<PolicyDto> {
    const now = this.clock.now();
    await this.inTransaction(async (manager) => {
      const policy = await this.require(id, manager);
      if (dto.isDefault === false && policy.isDefault) {
        throw new PolicyException(PolicyErrorCode.IsDefault, 'Make another policy the default instead of switching this one off');
      }
      assertConsistent({ ...policy, ...dto });
      const changes = Object.fromEntries(
        Object.entries(dto).filter(
          ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(policy[key as keyof PasswordPolicyEntity]),
        ),
      ) as Partial<PasswordPolicyEntity>;
      if (Object.keys(changes).length === 0) return;
      await this.policies.update(manager, id, changes, now);
      if (changes.isDefault) await this.policies.clearDefaultExcept(manager, id);
      if (changes.maxAgeDays !== undefined || changes.isDefault) {
        const updated = { ...policy, ...changes };
        for (const listener of this.listeners) await listener.expiryRulesChanged(manager, updated, updated.isDefault);
      }
      await this.audit.record(manager, {
        actor,
        action: AuditAction.PolicyUpdated,
        target: { type: 'password-policy', id },
        context,
        details: Object.fromEntries(
          Object.keys(changes).map((key) => [
            key,
            { from: policy[key as keyof PasswordPolicyEntity], to: changes[key as keyof PasswordPolicyEntity] },
          ]),
        ),
      });
    }, dto.name);
    return this.get(id);
  }

  async remove(actor: AuditActor, id: number, context: RequestContext): Promise<PolicyDto> {
    return this.inTransaction(async (manager) => {
      const policy = await this.require(id, manager);
      if (policy.isDefault)
        throw new PolicyException(PolicyErrorCode.IsDefault, `"${policy.name}" is the default policy; make another the default first`);
      for (const listener of this.listeners) await listener.beforeDelete(manager, policy);
      await this.policies.delete(manager, id);
      await this.audit.record(manager, {
        actor,
        action: AuditAction.PolicyDeleted,
        target: { type: 'password-policy', id },
        context,
        details: { name: policy.name },
      });
      return toPolicyDto(policy);
    });
  }

  /** Puts back any shipped preset that is missing (by name); the first becomes default when none is. */
  async ensurePresets(): Promise<number> {
    let added = 0;
    const hasDefault = (await this.policies.findDefault()) !== null;
    for (const preset of POLICY_PRESETS) {
      if (await this.policies.findByName(preset.name)) continue;
      await this.dataSource.transaction((manager) =>
        this.policies.insert(manager, { ...preset, isDefault: !hasDefault && preset.name === DEFAULT_PRESET }, this.clock.now()),
      );
      added += 1;
    }
    return added;
  }

  private async require(id: number, manager?: EntityManager): Promise<PasswordPolicyEntity> {
    const policy = await this.policies.findById(id, manager);
    if (!policy) throw PolicyException.notFound(id);
    return policy;
  }

  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>, name?: string): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (duplicateKeyOf(error)) {
        throw new PolicyException(PolicyErrorCode.NameTaken, `A password policy named "${name}" already exists`);
      }
      throw error;
    }
  }
}

function assertConsistent(settings: { minLength?: number; maxLength?: number; minClasses?: number; requiredClasses?: string[] }): void {
  if (settings.minLength !== undefined && settings.maxLength !== undefined && settings.minLength > settings.maxLength) {
    throw new PolicyException(
      PolicyErrorCode.Inconsistent,
      `minLength (${settings.minLength}) must not exceed maxLength (${settings.maxLength})`,
    );
  }
  const classes = Math.max(settings.minClasses ?? 0, settings.requiredClasses?.length ?? 0);
  if (settings.minLength !== undefined && classes > settings.minLength) {
    throw new PolicyException(
      PolicyErrorCode.Inconsistent,
      `minLength (${settings.minLength}) is too short for ${classes} character classes`,
    );
  }
}
