import { Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder, SYSTEM_ACTOR } from '@resetdesk/audit';
import {
  Clock,
  duplicateKeyOf,
  ListQuery,
  Page,
  PasswordHasher,
  RequestContext,
  RequestErrorCode,
  RequestException,
} from '@resetdesk/core';
import { randomBytes } from 'node:crypto';
import { staffPasswordProblems } from '@resetdesk/policies';
import { DataSource, EntityManager } from 'typeorm';
import { StaffListFilter, staffListSpec } from './dto/staff-list.query';
import { CreateStaffDto, StaffDto, toStaffDto, UpdateStaffDto } from './dto/staff.dto';
import { MfaChallengeRepository } from './mfa-challenge.repository';
import { RecoveryCodeRepository } from './recovery-code.repository';
import { SignInAttemptRepository } from './sign-in-attempt.repository';
import { StaffPrincipal, staffActor } from './staff-principal';
import { StaffSessionRepository } from './staff-session.repository';
import { StaffInvitationsRepository } from './staff-invitations.repository';
import { StaffEntity } from './staff.entity';
import { StaffErrorCode, StaffException } from './staff.exception';
import { StaffRepository } from './staff.repository';

/** Staff administration: create, change, disable (never delete), unlock, reset 2FA. Admins only, enforced at the edge. */
@Injectable()
export class StaffService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessionRepository,
    private readonly recoveryCodes: RecoveryCodeRepository,
    private readonly signInAttempts: SignInAttemptRepository,
    private readonly mfaChallenges: MfaChallengeRepository,
    private readonly invitations: StaffInvitationsRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(query: ListQuery<StaffListFilter>): Promise<Page<StaffDto>> {
    const [rows, total] = await this.staff.list(query);
    const now = this.clock.now();
    const invited = await this.invitations.openFor(
      rows.map((row) => row.id),
      now,
    );
    return new Page(
      staffListSpec.resource,
      rows.map((row) => toStaffDto(row, now, invited.get(row.id))),
      total,
      query.skip,
    );
  }

  async get(id: number): Promise<StaffDto> {
    const now = this.clock.now();
    return toStaffDto(await this.require(id), now, (await this.invitations.openFor([id], now)).get(id));
  }

  /**
   * Creates a member; `actor` is null for the operator CLI. With `invite`, the member gets no password anyone knows
   * (a random one, thrown away) and `invite` writes their invitation in the same transaction.
   */
  async create(
    actor: StaffPrincipal | null,
    dto: CreateStaffDto,
    context: RequestContext | null,
    invite?: (manager: EntityManager, member: StaffEntity) => Promise<void>,
  ): Promise<StaffDto> {
    if (invite && dto.password !== undefined)
      throw new RequestException(RequestErrorCode.Validation, 'Give either a password or invite: true, not both');
    if (!invite && dto.password === undefined)
      throw new RequestException(RequestErrorCode.Validation, 'password is required unless invite is true');
    if (dto.password !== undefined) this.assertAcceptablePassword('password', dto.password, dto);
    const passwordHash = await this.hasher.hash(dto.password ?? randomBytes(32).toString('base64url'));
    const now = this.clock.now();
    try {
      const created = await this.dataSource.transaction(async (manager) => {
        const member = await this.staff.insert(manager, { email: dto.email, name: dto.name, role: dto.role, passwordHash }, now);
        await this.audit.record(manager, {
          actor: actor ? staffActor(actor) : SYSTEM_ACTOR,
          action: AuditAction.StaffCreated,
          target: { type: 'staff', id: member.id },
          context,
          details: {
            email: member.email,
            name: member.name,
            role: member.role,
            via: actor ? 'admin UI/API' : 'CLI',
            invited: Boolean(invite),
          },
        });
        await invite?.(manager, member);
        return member;
      });
      return this.get(created.id);
    } catch (error) {
      if (duplicateKeyOf(error))
        throw new StaffException(StaffErrorCode.EmailTaken, `A staff member with email ${dto.email} already exists`);
      throw error;
    }
  }

  async update(actor: StaffPrincipal, id: number, dto: UpdateStaffDto, context: RequestContext): Promise<StaffDto> {
    if (dto.password !== undefined) {
      const current = await this.require(id);
      this.assertAcceptablePassword('password', dto.password, { email: current.email, name: dto.name ?? current.name });
    }
    const passwordHash = dto.password === undefined ? undefined : await this.hasher.hash(dto.password);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const member = await this.require(id, manager);
      const changes: Partial<StaffEntity> = {};
      if (dto.name !== undefined && dto.name !== member.name) changes.name = dto.name;
      if (dto.role !== undefined && dto.role !== member.role) changes.role = dto.role;
      if (dto.disabled !== undefined && dto.disabled !== member.disabled) changes.disabled = dto.disabled;
      if (passwordHash) Object.assign(changes, { passwordHash, passwordChangedAt: now });
      if (Object.keys(changes).length === 0) return;

      if (member.id === actor.id && (changes.disabled || changes.role)) {
        throw new StaffException(StaffErrorCode.SelfChange, 'You cannot disable yourself or change your own role; ask another admin');
      }
      const losesAdmin =
        member.role === 'admin' && !member.disabled && (changes.disabled === true || (changes.role && changes.role !== 'admin'));
      if (losesAdmin && (await this.staff.countActiveAdminsForUpdate(manager)) <= 1) {
        throw new StaffException(StaffErrorCode.LastAdmin, 'This is the last active admin; make someone else admin first');
      }

      await this.staff.update(manager, id, changes, now);
      // A disabled member's invitation dies with them; one whose password an admin set needs none.
      if (changes.disabled === true || passwordHash) await this.invitations.revokeOpen(manager, id, now);
      const signsOut = changes.disabled === true || passwordHash !== undefined || changes.role !== undefined;
      if (signsOut) {
        await this.sessions.revokeAll(id, now, manager);
        // A password step passed before this change must not complete a sign-in after it.
        await this.mfaChallenges.endAll(manager, id, now);
      }

      const base = { actor: staffActor(actor), target: { type: 'staff', id }, context };
      await this.audit.record(manager, {
        ...base,
        action: AuditAction.StaffUpdated,
        details: {
          changed: Object.keys(changes)
            .filter((key) => key !== 'passwordHash' && key !== 'passwordChangedAt')
            .concat(passwordHash ? ['password'] : []),
          ...(changes.name ? { name: { from: member.name, to: changes.name } } : {}),
          ...(changes.role ? { role: { from: member.role, to: changes.role } } : {}),
          signedOutEverywhere: signsOut,
        },
      });
      if (changes.disabled !== undefined) {
        await this.audit.record(manager, { ...base, action: changes.disabled ? AuditAction.StaffDisabled : AuditAction.StaffEnabled });
      }
      if (passwordHash) await this.audit.record(manager, { ...base, action: AuditAction.PasswordChanged, details: { by: 'admin' } });
    });
    return this.get(id);
  }

  async unlock(actor: StaffPrincipal, id: number, context: RequestContext): Promise<StaffDto> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const member = await this.require(id, manager);
      if (member.failedLogins === 0 && !(member.lockedUntil && member.lockedUntil > now)) {
        throw new StaffException(StaffErrorCode.NotLocked, `${member.email} is not locked`);
      }
      await this.staff.update(manager, id, { failedLogins: 0, lockedUntil: null }, now);
      await this.signInAttempts.clear(manager, id);
      await this.audit.record(manager, {
        actor: staffActor(actor),
        action: AuditAction.StaffUnlocked,
        target: { type: 'staff', id },
        context,
        details: { failedLogins: member.failedLogins },
      });
    });
    return this.get(id);
  }

  /** Turns 2FA off for a member who lost their device; they enroll again at next sign-in. */
  async resetTotp(actor: StaffPrincipal, id: number, context: RequestContext): Promise<StaffDto> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const member = await this.require(id, manager);
      if (!member.totpSecret && !member.totpPendingSecret) {
        throw new StaffException(StaffErrorCode.NoTotp, `${member.email} has no two-factor sign-in to reset`);
      }
      await this.staff.update(manager, id, { totpSecret: null, totpPendingSecret: null, totpLastStep: null }, now);
      await this.recoveryCodes.deleteAll(manager, id);
      await this.sessions.revokeAll(id, now, manager);
      await this.mfaChallenges.endAll(manager, id, now);
      await this.audit.record(manager, {
        actor: staffActor(actor),
        action: AuditAction.TotpReset,
        target: { type: 'staff', id },
        context,
        details: { email: member.email, signedOutEverywhere: true },
      });
    });
    return this.get(id);
  }

  /** Staff passwords go through the staff policy (blocklist, strength, no parts of the member's email or name). */
  assertAcceptablePassword(field: string, password: string, member: { email: string; name?: string | null }): void {
    const problems = staffPasswordProblems(password, member);
    if (problems.length > 0) throw StaffException.weakPassword(field, problems);
  }

  private async require(id: number, manager?: EntityManager): Promise<StaffEntity> {
    const member = await this.staff.findById(id, manager);
    if (!member) throw StaffException.notFound(id);
    return member;
  }
}
