import { Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, PasswordHasher, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import {
  CreateStaffDto,
  MfaChallengeRepository,
  SignInAttemptRepository,
  StaffDto,
  StaffEntity,
  StaffException,
  StaffInvitationsRepository,
  StaffPrincipal,
  staffActor,
  StaffRepository,
  StaffService,
  StaffSessionRepository,
} from '@resetdesk/staff';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';

/** An invitation link works this long: a new colleague may read it after a weekend. */
export const STAFF_INVITATION_HOURS = 72;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const GONE =
  'This invitation link is no longer valid (used, replaced, expired, or the account was disabled); ask an admin to send a new one';

/** Who an invitation is for, as its page shows it before the password is chosen. */
export interface InvitationInfo {
  email: string;
  name: string;
  expiresAt: string;
}

/**
 * Staff invitations: an admin adds a member without making up a password;
 * the member gets a single-use link (72 h, only its SHA-256 stored) and
 * chooses their own under the staff password rules. Sending again replaces
 * the link; disabling the member or setting their password ends it.
 */
@Injectable()
export class StaffInvitations {
  constructor(
    private readonly staffService: StaffService,
    private readonly staff: StaffRepository,
    private readonly invitations: StaffInvitationsRepository,
    private readonly sessions: StaffSessionRepository,
    private readonly mfaChallenges: MfaChallengeRepository,
    private readonly signInAttempts: SignInAttemptRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly hasher: PasswordHasher,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A new member, invited: the member, the invitation, its audit event and its email in one transaction. */
  invite(actor: StaffPrincipal, dto: CreateStaffDto, context: RequestContext): Promise<StaffDto> {
    return this.staffService.create(actor, { ...dto, invite: undefined }, context, (manager, member) =>
      this.issue(manager, member, actor, context),
    );
  }

  /**
   * A new link for a member who has not signed in yet; the old one stops working. A password an admin set for them
   * is replaced by one nobody knows, so the link is the only way in, as for any invited member.
   */
  async resend(actor: StaffPrincipal, staffId: number, context: RequestContext): Promise<StaffDto> {
    const unknownPassword = await this.hasher.hash(randomBytes(32).toString('base64url'));
    await this.dataSource.transaction(async (manager) => {
      const member = await this.staff.findById(staffId, manager);
      if (!member) throw StaffException.notFound(staffId);
      if (member.disabled) throw new AuthException(AuthErrorCode.InvitationNotNeeded, `${member.email} is disabled; enable them first`);
      if (member.lastLoginAt) throw new AuthException(AuthErrorCode.InvitationNotNeeded, `${member.email} has signed in already`);
      const now = this.clock.now();
      await this.invitations.revokeOpen(manager, staffId, now);
      await this.staff.update(manager, staffId, { passwordHash: unknownPassword, passwordChangedAt: now }, now);
      await this.issue(manager, member, actor, context);
    });
    return this.staffService.get(staffId);
  }

  async inspect(token: string): Promise<InvitationInfo> {
    const { invitation, member } = await this.usable(token);
    return { email: member.email, name: member.name, expiresAt: invitation.expiresAt.toISOString() };
  }

  /** The member's own password, once: checked against the staff rules, hashed before the transaction. */
  async accept(token: string, password: string, context: RequestContext): Promise<void> {
    const { invitation, member } = await this.usable(token);
    this.staffService.assertAcceptablePassword('password', password, member);
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      // Of two uses at once, the second finds it used.
      if (!(await this.invitations.claim(manager, invitation.id, now))) throw new AuthException(AuthErrorCode.InvitationInvalid, GONE);
      // A fresh start: the password is theirs now, so nothing from before it stays (sessions, a pending second step,
      // a lock that someone guessing at their address caused).
      await this.staff.update(manager, member.id, { passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null }, now);
      await this.signInAttempts.clear(manager, member.id);
      await this.sessions.revokeAll(member.id, now, manager);
      await this.mfaChallenges.endAll(manager, member.id, now);
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.StaffInvitationAccepted,
        target: { type: 'staff', id: member.id },
        context,
      });
    });
  }

  private async issue(manager: EntityManager, member: StaffEntity, actor: StaffPrincipal, context: RequestContext): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + STAFF_INVITATION_HOURS * 3_600_000);
    await this.invitations.insert(manager, {
      staffId: member.id,
      tokenHash: hashToken(token),
      invitedByStaffId: actor.id,
      createdAt: now,
      expiresAt,
    });
    await this.audit.record(manager, {
      actor: staffActor(actor),
      action: AuditAction.StaffInvited,
      target: { type: 'staff', id: member.id },
      context,
      details: { email: member.email, expiresAt: expiresAt.toISOString() },
    });
    await this.outbox.enqueue(manager, {
      kind: 'staff-invitation',
      to: member.email,
      data: { token, name: member.name, invitedBy: actor.name, role: member.role, expiresInHours: STAFF_INVITATION_HOURS },
    });
  }

  private async usable(token: string): Promise<{ invitation: { id: number; expiresAt: Date }; member: StaffEntity }> {
    const invitation = /^[A-Za-z0-9_-]{43}$/.test(token) ? await this.invitations.findByTokenHash(hashToken(token)) : null;
    const member = invitation ? await this.staff.findById(invitation.staffId) : null;
    // A member who has signed in, or whose password changed since the link was sent, is past needing it.
    const overtaken = !!member && (member.lastLoginAt !== null || member.passwordChangedAt > invitation!.createdAt);
    if (
      !invitation ||
      !member ||
      invitation.usedAt ||
      invitation.revokedAt ||
      invitation.expiresAt <= this.clock.now() ||
      member.disabled ||
      overtaken
    )
      throw new AuthException(AuthErrorCode.InvitationInvalid, GONE);
    return { invitation, member };
  }
}
