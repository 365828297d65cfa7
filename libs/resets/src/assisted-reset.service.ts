import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountEntity, AccountsRepository, AccountUnlocker, PasswordSetter, TEMPORARY_PASSWORD_HOURS } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { generateCompliantPassword, PoliciesService } from '@resetdesk/policies';
import { firstName, StaffPrincipal, StaffRepository, staffActor } from '@resetdesk/staff';
import { FINISHED_STATUSES, TicketApprovalDto, TicketEntity, TicketException, TicketsRepository, TicketsService } from '@resetdesk/tickets';
import { VerificationChallengeEntity, VerificationRepository } from '@resetdesk/verification';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CredentialRevoker } from './credential-revoker.service';
import { AccountUnlockedDto, ApprovalRequestedDto, ResetApprovedDto, ResetIssuedDto, ResetMethod, toTicketLinkDto } from './dto/reset.dto';
import { hashResetToken } from './reset-token.entity';
import { ResetErrorCode, ResetException } from './reset.exception';
import { ResetsRepository } from './resets.repository';

export const RESET_LINK_TTL_MINUTES = 30;
/** A supervisor's approval is for this reset, now: it lapses if nobody uses it within the hour. */
export const APPROVAL_VALID_MINUTES = 60;

interface ResetPlan {
  agent: StaffPrincipal;
  ticket: TicketEntity;
  account: AccountEntity;
  approverId: number | null;
  now: Date;
  context: RequestContext;
}

/**
 * The last step of an assisted reset, once the caller is verified: an
 * emailed single-use link or a temporary password read out by the agent.
 * Privileged accounts also need a second person, a supervisor, to approve.
 */
@Injectable()
export class AssistedResetService implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tickets: TicketsRepository,
    private readonly ticketsService: TicketsService,
    private readonly links: ResetsRepository,
    private readonly challenges: VerificationRepository,
    private readonly staff: StaffRepository,
    private readonly passwords: PasswordSetter,
    private readonly unlocker: AccountUnlocker,
    private readonly policies: PoliciesService,
    private readonly revoker: CredentialRevoker,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // The ticket's detail lists its reset links and a pending approval (tickets depend on nothing here, so this lib tells them).
    this.ticketsService.addDetailSource(async (ticket, now) => {
      const verification = await this.currentVerification(ticket.id);
      return {
        links: (await this.links.listForTicket(ticket.id)).map((link) => toTicketLinkDto(link, now)),
        approval: await this.pendingApproval(ticket, verification, now),
        approvalBarredStaffIds: barredFromApproving(ticket, verification),
      };
    });
  }

  async reset(agent: StaffPrincipal, ticketId: number, method: ResetMethod, context: RequestContext): Promise<ResetIssuedDto> {
    const ticket = await this.requireTicket(ticketId);
    const account = await this.requireResettableAccount(ticket);
    const now = this.clock.now();
    requireLiveVerification(ticket, now, 'resetting');
    const approverId = account.privileged ? await this.requireApproval(agent, ticket, now) : null;
    const plan: ResetPlan = { agent, ticket, account, approverId, now, context };
    return method === 'link' ? this.sendLink(plan) : this.setTemporaryPassword(plan);
  }

  /**
   * Clears the verified caller's lockout without a reset, for someone who
   * knows their password but tried it too often. Same gate as a reset: a
   * live verification on an open ticket; the ticket stays verified so a
   * reset can still follow.
   */
  async unlock(agent: StaffPrincipal, ticketId: number, context: RequestContext): Promise<AccountUnlockedDto> {
    const ticket = await this.requireTicket(ticketId);
    const account = await this.requireResettableAccount(ticket);
    const now = this.clock.now();
    requireLiveVerification(ticket, now, 'unlocking');
    // A privileged account's lockout is lifted on the same four eyes as its reset (the approval stays for the reset).
    const approvedByStaffId = account.privileged ? await this.requireApproval(agent, ticket, now) : null;
    return this.unlocker.unlock(account, { actor: staffActor(agent), context, ticketId, approvedByStaffId });
  }

  /**
   * Four eyes for privileged accounts. A supervisor approves a verification
   * that has happened: the ticket must be verified, and the approver must be
   * neither the ticket's agent nor whoever sent or entered the code.
   */
  async approve(supervisor: StaffPrincipal, ticketId: number, context: RequestContext): Promise<ResetApprovedDto> {
    const { ticket, account, now } = await this.requireApprovable(ticketId, 'approve the reset');
    const verification = await this.currentVerification(ticketId);
    if (barredFromApproving(ticket, verification).includes(supervisor.id)) {
      throw new ResetException(
        ResetErrorCode.SamePerson,
        `You are working ticket #${ticketId} or verified its caller; another supervisor must approve this reset`,
      );
    }
    await this.dataSource.transaction(async (manager) => {
      await this.tickets.recordResetApproval(manager, ticketId, supervisor.id, now);
      await this.audit.record(manager, {
        actor: staffActor(supervisor),
        action: AuditAction.ResetApproved,
        target: { type: 'ticket', id: ticketId },
        ticketId,
        accountId: account.id,
        context,
        details: { account: account.username, validUntil: approvalEnd(now).toISOString(), verificationId: verification?.id ?? null },
      });
    });
    return { approvedByStaffId: supervisor.id, approvedAt: now.toISOString(), validUntil: approvalEnd(now).toISOString() };
  }

  /**
   * An agent asks for that approval: every supervisor and admin who could give it (not the asker, the
   * ticket's agent or whoever verified the caller) is emailed, once per verification however often the
   * button is pressed, and finds the ticket under "Waiting for your approval".
   */
  async requestApproval(agent: StaffPrincipal, ticketId: number, context: RequestContext): Promise<ApprovalRequestedDto> {
    const { ticket, account, now } = await this.requireApprovable(ticketId, 'ask for approval');
    const verification = await this.currentVerification(ticketId);
    const approval = await this.pendingApproval(ticket, verification, now);
    if (approval) {
      throw new ResetException(
        ResetErrorCode.AlreadyApproved,
        `Ticket #${ticketId} is approved already, by ${approval.approvedByName} until ${approval.validUntil}`,
      );
    }
    if (ticket.approvalRequestedAt) return this.requestAnswer(ticket, 0, true);
    const approvers = (await this.staff.findActiveSupervisors()).filter(
      (member) => member.id !== agent.id && !barredFromApproving(ticket, verification).includes(member.id),
    );
    if (approvers.length === 0) {
      throw new ResetException(
        ResetErrorCode.NoApprover,
        `No active supervisor or admin other than the ticket's agent and whoever verified the caller could approve ticket #${ticketId}; ask an admin to add one`,
      );
    }
    const recorded = await this.dataSource.transaction(async (manager) => {
      if (!(await this.tickets.recordApprovalRequest(manager, { ...ticket, verifiedAt: verification?.verifiedAt ?? now }, agent.id, now)))
        return false;
      await this.audit.record(manager, {
        actor: staffActor(agent),
        action: AuditAction.ResetApprovalRequested,
        target: { type: 'ticket', id: ticketId },
        ticketId,
        accountId: account.id,
        context,
        details: { account: account.username, notified: approvers.length, verifiedUntil: ticket.verifiedUntil!.toISOString() },
      });
      // One row each, sent once the request commits; the key keeps a retried transaction from writing two.
      for (const approver of approvers) {
        await this.outbox.enqueue(manager, {
          kind: 'approval-requested',
          to: approver.email,
          accountId: account.id,
          dedupeKey: `approval-request:${ticketId}:${now.getTime()}:${approver.id}`,
          data: {
            name: firstName(approver.name),
            ticketId,
            accountUsername: account.username,
            agentName: agent.name,
            verifiedUntil: ticket.verifiedUntil!.toISOString(),
          },
        });
      }
      return true;
    });
    if (recorded)
      return this.requestAnswer({ ...ticket, approvalRequestedAt: now, approvalRequestedByStaffId: agent.id }, approvers.length, false);
    // Another click won the race (or the verification changed meanwhile): answer with what stands now.
    const current = await this.requireTicket(ticketId);
    if (current.approvalRequestedAt && current.status === 'verified' && current.verifiedUntil && current.verifiedUntil > now)
      return this.requestAnswer(current, 0, true);
    if (current.resetApprovedAt && approvalCovers(current.resetApprovedAt, verification))
      throw new ResetException(ResetErrorCode.AlreadyApproved, `Ticket #${ticketId} was approved meanwhile`);
    throw new ResetException(
      ResetErrorCode.ApprovalBeforeVerification,
      `The caller's verification on ticket #${ticketId} changed meanwhile: ask for approval once the caller is verified again`,
    );
  }

  /** An approval, or a request for one, is for a privileged account's verification that has happened and still holds. */
  private async requireApprovable(ticketId: number, doing: string): Promise<{ ticket: TicketEntity; account: AccountEntity; now: Date }> {
    const ticket = await this.requireTicket(ticketId);
    const account = await this.requireResettableAccount(ticket);
    if (!account.privileged)
      throw new ResetException(ResetErrorCode.NotPrivileged, `Account ${account.username} is not privileged; its reset needs no approval`);
    const now = this.clock.now();
    if (ticket.status !== 'verified' || !ticket.verifiedUntil || ticket.verifiedUntil <= now) {
      throw new ResetException(
        ResetErrorCode.ApprovalBeforeVerification,
        `Ticket #${ticketId} is ${ticket.status === 'verified' ? 'no longer verified (the verification ran out)' : ticket.status}: ${doing} once the caller is verified, so the approval covers that verification`,
      );
    }
    return { ticket, account, now };
  }

  private async requestAnswer(ticket: TicketEntity, notified: number, alreadyRequested: boolean): Promise<ApprovalRequestedDto> {
    const requester = ticket.approvalRequestedByStaffId ? await this.staff.findById(ticket.approvalRequestedByStaffId) : null;
    return {
      requestedAt: ticket.approvalRequestedAt!.toISOString(),
      requestedByName: requester?.name ?? '',
      notified,
      alreadyRequested,
      verifiedUntil: ticket.verifiedUntil!.toISOString(),
    };
  }

  private async sendLink(plan: ResetPlan): Promise<ResetIssuedDto> {
    const { agent, ticket, account, now, context } = plan;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MINUTES * 60_000);
    await this.dataSource.transaction(async (manager) => {
      await this.claimTicket(manager, plan);
      // A new link replaces every older one, and any code still open.
      const revoked = await this.revoker.revokeAll(manager, account.id, now);
      const link = await this.links.issue(
        manager,
        {
          accountId: account.id,
          ticketId: ticket.id,
          tokenHash: hashResetToken(token),
          issuedByStaffId: agent.id,
          approvedByStaffId: plan.approverId,
          expiresAt,
        },
        now,
      );
      await this.audit.record(manager, {
        actor: staffActor(agent),
        action: AuditAction.ResetLinkIssued,
        target: { type: 'reset-link', id: link.id },
        ticketId: ticket.id,
        accountId: account.id,
        context,
        details: {
          expiresAt: expiresAt.toISOString(),
          approvedByStaffId: plan.approverId,
          revokedLinks: revoked.links,
          revokedCodes: revoked.codes,
        },
      });
      await this.outbox.enqueue(manager, {
        kind: 'reset-link',
        to: account.email,
        accountId: account.id,
        data: { token, ticketId: ticket.id, displayName: account.displayName, expiresInMinutes: RESET_LINK_TTL_MINUTES },
      });
    });
    return { method: 'link', expiresAt: expiresAt.toISOString(), sentTo: maskEmail(account.email) };
  }

  private async setTemporaryPassword(plan: ResetPlan): Promise<ResetIssuedDto> {
    const { agent, ticket, account, now, context } = plan;
    const policy = await this.policies.resolve(account.policyId);
    const temporaryPassword = generateCompliantPassword(policy, account);
    const updated = await this.passwords.setPassword(account, temporaryPassword, {
      actor: staffActor(agent),
      context,
      reason: 'assisted-reset',
      ticketId: ticket.id,
      temporary: true,
      approvedByStaffId: plan.approverId,
      claim: (manager) => this.claimTicket(manager, plan),
      // The directory refused the password or was away: the ticket is verified again, with its approval, as before the click.
      release: (manager) => this.releaseTicket(manager, plan),
      alsoInTransaction: async (manager, changed) => {
        const revoked = await this.revoker.revokeAll(manager, account.id, now);
        await this.audit.record(manager, {
          actor: staffActor(agent),
          action: AuditAction.TemporaryPasswordIssued,
          target: { type: 'account', id: account.id },
          ticketId: ticket.id,
          accountId: account.id,
          context,
          details: {
            validUntil: changed.passwordExpiresAt?.toISOString() ?? null,
            approvedByStaffId: plan.approverId,
            revokedLinks: revoked.links,
            revokedCodes: revoked.codes,
          },
        });
        await this.outbox.enqueue(manager, {
          kind: 'temporary-password-notice',
          to: account.email,
          accountId: account.id,
          data: {
            ticketId: ticket.id,
            agentFirstName: firstName(agent.name),
            displayName: account.displayName,
            validForHours: TEMPORARY_PASSWORD_HOURS,
          },
        });
      },
    });
    return {
      method: 'temporary',
      expiresAt: updated.passwordExpiresAt!.toISOString(),
      temporaryPassword,
      ...(updated.directoryWarning ? { warning: updated.directoryWarning } : {}),
    };
  }

  /**
   * verified → reset_sent as one conditional UPDATE: of two agents clicking
   * at once, or a click as the verification runs out, exactly one reset
   * happens. The approval is used up by it.
   */
  private async claimTicket(manager: EntityManager, { ticket, account, approverId, now }: ResetPlan): Promise<void> {
    const approval = account.privileged
      ? { approverId: approverId!, approvedAfter: new Date(now.getTime() - APPROVAL_VALID_MINUTES * 60_000) }
      : null;
    if (!(await this.tickets.claimForReset(manager, { id: ticket.id, verifiedUntil: ticket.verifiedUntil, approval }, now))) {
      throw new ResetException(
        ResetErrorCode.NotVerified,
        `Ticket #${ticket.id} was reset a moment ago or its verification ran out; reload it`,
      );
    }
  }

  /** Undoes `claimTicket` when the password could not be set: only if nothing else moved the ticket since. */
  private releaseTicket(manager: EntityManager, { ticket, now }: ResetPlan): Promise<void> {
    return this.tickets.releaseReset(manager, ticket, now);
  }

  /**
   * Separation of duties, checked again when the reset happens: a live
   * approval given after the current verification, by a supervisor or admin
   * still active, who neither sent nor entered the code and is not the one
   * resetting. Returns the approver's id.
   */
  private async requireApproval(agent: StaffPrincipal, ticket: TicketEntity, now: Date): Promise<number> {
    const approverId = ticket.resetApprovedByStaffId;
    if (!approverId || !ticket.resetApprovedAt || approvalEnd(ticket.resetApprovedAt) <= now) {
      throw new ResetException(
        ResetErrorCode.ApprovalRequired,
        `The account of ticket #${ticket.id} is privileged: a supervisor must approve the reset first`,
      );
    }
    if (approverId === agent.id) {
      throw new ResetException(ResetErrorCode.SamePerson, 'You approved this reset yourself; another staff member must carry it out');
    }
    const verification = await this.currentVerification(ticket.id);
    if (!approvalCovers(ticket.resetApprovedAt, verification)) {
      throw new ResetException(
        ResetErrorCode.ApprovalRequired,
        `The caller on ticket #${ticket.id} was verified again after the approval; a supervisor must approve this verification`,
      );
    }
    if (isVerifier(approverId, verification)) {
      throw new ResetException(
        ResetErrorCode.SamePerson,
        `The supervisor who approved ticket #${ticket.id} also sent or entered the caller's code; another supervisor must approve`,
      );
    }
    const approver = await this.staff.findById(approverId);
    if (!approver || approver.disabled || !['supervisor', 'admin'].includes(approver.role)) {
      throw new ResetException(
        ResetErrorCode.ApprovalRequired,
        `The approval of ticket #${ticket.id} came from someone who may no longer approve; a supervisor must approve again`,
      );
    }
    return approverId;
  }

  /** The code that verified the caller most recently, if any. */
  private currentVerification(ticketId: number): Promise<VerificationChallengeEntity | null> {
    return this.challenges.latestVerified(ticketId);
  }

  /** The supervisor approval on a ticket still waiting to be used, for its detail; none once the caller was verified again. */
  private async pendingApproval(
    ticket: TicketEntity,
    verification: VerificationChallengeEntity | null,
    now: Date,
  ): Promise<TicketApprovalDto | null> {
    const approverId = ticket.resetApprovedByStaffId;
    if (!approverId || !ticket.resetApprovedAt || approvalEnd(ticket.resetApprovedAt) <= now) return null;
    if (!approvalCovers(ticket.resetApprovedAt, verification)) return null;
    const approver = await this.staff.findById(approverId);
    return {
      approvedByStaffId: approverId,
      approvedByName: approver?.name ?? '',
      approvedAt: ticket.resetApprovedAt.toISOString(),
      validUntil: approvalEnd(ticket.resetApprovedAt).toISOString(),
    };
  }

  private async requireTicket(id: number): Promise<TicketEntity> {
    const ticket = await this.tickets.findById(id);
    if (!ticket) throw TicketException.notFound(id);
    if (FINISHED_STATUSES.includes(ticket.status))
      throw new ResetException(ResetErrorCode.TicketFinished, `Ticket #${id} is ${ticket.status}; reopen it first`);
    return ticket;
  }

  private async requireResettableAccount(ticket: TicketEntity): Promise<AccountEntity> {
    const account = await this.accounts.findById(ticket.accountId);
    if (!account || account.status === 'disabled')
      throw new ResetException(ResetErrorCode.AccountDisabled, 'The account is disabled; enable it before resetting its password');
    return account;
  }
}

/** A reset or an unlock needs a verification of the caller that is still live. */
function requireLiveVerification(ticket: TicketEntity, now: Date, doing: 'resetting' | 'unlocking'): void {
  if (ticket.status === 'verified' && ticket.verifiedUntil && ticket.verifiedUntil > now) return;
  throw new ResetException(
    ResetErrorCode.NotVerified,
    ticket.status === 'verified'
      ? `The caller's verification on ticket #${ticket.id} has run out; send a new code`
      : `Verify the caller on ticket #${ticket.id} with a code before ${doing} (the ticket is ${ticket.status})`,
  );
}

/** Who may not approve this ticket's reset: its agent and whoever sent or entered the code that verified the caller. */
function barredFromApproving(ticket: TicketEntity, verification: VerificationChallengeEntity | null): number[] {
  const ids = [ticket.assigneeId, verification?.issuedByStaffId, verification?.verifiedByStaffId];
  return [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
}

/** Sending the code and entering it both make a verifier. */
function isVerifier(staffId: number, verification: VerificationChallengeEntity | null): boolean {
  return verification !== null && (staffId === verification.issuedByStaffId || staffId === verification.verifiedByStaffId);
}

/** An approval covers the verification it was given in: one made after it (a new code read back) needs its own. */
function approvalCovers(approvedAt: Date, verification: VerificationChallengeEntity | null): boolean {
  return !!verification?.verifiedAt && approvedAt >= verification.verifiedAt;
}

/** When an approval given at `approvedAt` lapses. */
export function approvalEnd(approvedAt: Date): Date {
  return new Date(approvedAt.getTime() + APPROVAL_VALID_MINUTES * 60_000);
}

/** j•••@example.com: enough for the agent to confirm the address with the caller, not enough to harvest it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
