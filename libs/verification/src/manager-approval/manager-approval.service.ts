import { Injectable, OnModuleInit } from '@nestjs/common';
import { accountActor, AccountEntity, AccountsRepository } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { firstName, StaffPrincipal, StaffRepository, staffActor } from '@resetdesk/staff';
import { FINISHED_STATUSES, TicketEntity, TicketException, TicketsRepository, TicketsService } from '@resetdesk/tickets';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManagerApprovalAskedDto, ManagerApprovalDecidedDto, ManagerApprovalRequestDto } from '../dto/manager-approval.dto';
import { VerificationRepository } from '../verification.repository';
import { VERIFIED_FOR_MINUTES } from '../verification.service';
import { VerificationErrorCode, VerificationException } from '../verification.exception';
import { ManagerApprovalEntity } from './manager-approval.entity';
import { ManagerApprovalsRepository } from './manager-approvals.repository';

/** How long the links in the manager's email work. */
export const MANAGER_APPROVAL_MINUTES = 30;
/** Managers asked about one account in an hour, over all its tickets: a manager is a person, not a code channel. */
export const MANAGER_APPROVALS_PER_HOUR = 3;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const nameOf = (account: Pick<AccountEntity, 'displayName' | 'username'>) => `${account.displayName} (${account.username})`;

/**
 * Manager approval as a verification factor (SPEC §11): the agent asks the account's manager on record, who gets an
 * email naming the holder, the ticket and the agent, with Approve and Deny links (one token, SHA-256 stored, 30
 * minutes, used once). Approval verifies the caller as a right code does; denial ends the verification, withdraws the
 * ticket's open codes and alerts every supervisor. The caller never chooses whom we ask.
 */
@Injectable()
export class ManagerApprovalService implements OnModuleInit {
  constructor(
    private readonly approvals: ManagerApprovalsRepository,
    private readonly challenges: VerificationRepository,
    private readonly tickets: TicketsRepository,
    private readonly ticketsService: TicketsService,
    private readonly accounts: AccountsRepository,
    private readonly staff: StaffRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.ticketsService.addDetailSource(async (ticket, now) => {
      const account = await this.accounts.findById(ticket.accountId);
      const boss = account?.managerId ? await this.accounts.findById(account.managerId) : null;
      const latest = await this.approvals.latestForTicket(ticket.id);
      const latestManager = latest ? await this.accounts.findById(latest.managerAccountId) : null;
      return {
        accountManagerName: boss ? nameOf(boss) : null,
        managerApproval: latest
          ? {
              id: latest.id,
              status: latest.status === 'pending' && latest.expiresAt <= now ? 'expired' : latest.status,
              managerName: latestManager ? nameOf(latestManager) : `account #${latest.managerAccountId}`,
              requestedAt: latest.createdAt.toISOString(),
              expiresAt: latest.expiresAt.toISOString(),
              decidedAt: latest.decidedAt?.toISOString() ?? null,
            }
          : null,
      };
    });
    // A finished ticket's manager links stop working with it.
    this.ticketsService.onFinished(async (manager, finished) => {
      await this.approvals.expirePending(manager, finished.ticket.id, finished.now);
    });
  }

  /** The agent asks the account's manager on record to approve the caller on this ticket. */
  async request(agent: StaffPrincipal, ticketId: number, context: RequestContext): Promise<ManagerApprovalAskedDto> {
    const ticket = await this.requireTicket(ticketId);
    if (FINISHED_STATUSES.includes(ticket.status)) throw VerificationException.ticketFinished(ticketId, ticket.status);
    const account = await this.accounts.findById(ticket.accountId);
    if (!account || account.status === 'disabled') {
      throw new VerificationException(
        VerificationErrorCode.AccountDisabled,
        'The account is disabled; enable it before verifying the caller',
      );
    }
    if (!account.managerId) {
      throw new VerificationException(
        VerificationErrorCode.NoManager,
        `${account.displayName} has no manager on record (an admin picks one on the account, or the directory's manager attribute); verify the caller another way`,
      );
    }
    const boss = await this.accounts.findById(account.managerId);
    if (!boss || boss.status === 'disabled' || boss.id === account.id) {
      throw new VerificationException(
        VerificationErrorCode.ManagerUnavailable,
        `The manager on record of ${account.displayName} cannot approve (their account is disabled); verify the caller another way`,
      );
    }
    const now = this.clock.now();
    const latest = await this.approvals.latestForTicket(ticketId);
    if (latest?.status === 'pending' && latest.expiresAt > now) {
      throw new VerificationException(
        VerificationErrorCode.ManagerApprovalPending,
        `${nameOf(boss)} was asked already; the links in their email work until ${latest.expiresAt.toISOString()}`,
      );
    }
    if ((await this.approvals.countForAccountSince(account.id, new Date(now.getTime() - 3600_000))) >= MANAGER_APPROVALS_PER_HOUR) {
      throw new VerificationException(
        VerificationErrorCode.HourlyLimit,
        `The manager of ${account.username} was asked ${MANAGER_APPROVALS_PER_HOUR} times in the last hour; verify the caller another way`,
        { retryAfterSeconds: 3600 },
      );
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + MANAGER_APPROVAL_MINUTES * 60_000);
    const approval = await this.dataSource.transaction(async (manager) => {
      // In turn with a status move: no approval is left open on a ticket closed, or moved to another account, meanwhile.
      const current = await this.tickets.findForUpdate(manager, ticketId);
      if (!current || FINISHED_STATUSES.includes(current.status))
        throw VerificationException.ticketFinished(ticketId, current?.status ?? ticket.status);
      if (current.accountId !== account.id) {
        throw new VerificationException(
          VerificationErrorCode.AccountChanged,
          `Ticket #${ticketId} was just moved to another account; check who it is for and ask again`,
        );
      }
      await this.approvals.expirePending(manager, ticketId, now);
      const created = await this.approvals.insert(
        manager,
        {
          ticketId,
          accountId: account.id,
          managerAccountId: boss.id,
          requestedByStaffId: agent.id,
          tokenHash: hashToken(token),
          expiresAt,
        },
        now,
      );
      // Waiting on the caller's proof, as after a code; a verification reached already stays.
      if (current.status === 'open') await this.tickets.markVerifying(manager, ticketId, now);
      await this.audit.record(manager, {
        actor: staffActor(agent),
        action: AuditAction.ManagerApprovalRequested,
        target: { type: 'manager-approval', id: created.id },
        ticketId,
        accountId: account.id,
        context,
        details: { manager: boss.username, expiresAt: expiresAt.toISOString() },
      });
      await this.outbox.enqueue(manager, {
        kind: 'manager-approval-request',
        to: boss.email,
        accountId: account.id,
        data: {
          managerFirstName: firstName(boss.displayName),
          holderName: account.displayName,
          holderUsername: account.username,
          ticketId,
          agentFirstName: firstName(agent.name),
          token,
          expiresAt: expiresAt.toISOString(),
        },
      });
      return created;
    });
    return { approvalId: approval.id, managerName: nameOf(boss), expiresAt: expiresAt.toISOString() };
  }

  /** What the manager's page shows before they decide; 410 for a token that is used, expired or unknown alike. */
  async inspect(token: string): Promise<ManagerApprovalRequestDto> {
    const { approval, holder, boss, ticket } = await this.requireOpen(token);
    const agent = (await this.staff.findByIds([approval.requestedByStaffId]))[0];
    return {
      managerFirstName: firstName(boss.displayName),
      holderName: holder.displayName,
      holderUsername: holder.username,
      ticketId: ticket.id,
      agentFirstName: agent ? firstName(agent.name) : 'our support team',
      requestedAt: approval.createdAt.toISOString(),
      expiresAt: approval.expiresAt.toISOString(),
    };
  }

  /** The manager's click on Approve or Deny: decides once, in one transaction with the ticket. */
  async decide(token: string, decision: 'approve' | 'deny', context: RequestContext): Promise<ManagerApprovalDecidedDto> {
    const { approval, holder, boss } = await this.requireOpen(token);
    const status = decision === 'approve' ? 'approved' : 'denied';
    const now = this.clock.now();
    // Read before the transaction: inside it every query goes through its own connection, or twenty clicks at once
    // (each holding a pooled connection while it waits for the ticket's lock) would leave the winner none to read with.
    const agent = (await this.staff.findByIds([approval.requestedByStaffId]))[0];
    const supervisors = status === 'denied' ? await this.staff.findActiveSupervisors() : [];
    const decided = await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.findForUpdate(manager, approval.ticketId);
      if (!ticket || FINISHED_STATUSES.includes(ticket.status) || ticket.accountId !== approval.accountId) return false;
      if (!(await this.approvals.decide(manager, approval.id, status, now))) return false;
      const event = {
        actor: accountActor(boss),
        target: { type: 'manager-approval', id: approval.id },
        ticketId: ticket.id,
        accountId: holder.id,
        context,
      };
      if (status === 'approved') {
        const verifiedUntil = new Date(now.getTime() + VERIFIED_FOR_MINUTES * 60_000);
        await this.tickets.markCallerVerified(manager, ticket.id, verifiedUntil, now);
        await this.audit.record(manager, {
          ...event,
          action: AuditAction.ManagerApproved,
          details: { manager: boss.username, verifiedUntil: verifiedUntil.toISOString() },
        });
        return true;
      }
      // The manager says the caller is not the holder: nothing this verification reached may be used.
      await this.tickets.markVerificationDenied(manager, ticket.id, now);
      const withdrawn = await this.challenges.supersedePending(manager, { ticketId: ticket.id });
      await this.audit.record(manager, {
        ...event,
        action: AuditAction.ManagerDenied,
        details: { manager: boss.username, codesWithdrawn: withdrawn },
      });
      for (const supervisor of supervisors) {
        await this.outbox.enqueue(manager, {
          kind: 'manager-denied-alert',
          to: supervisor.email,
          accountId: holder.id,
          dedupeKey: `manager-denied:${approval.id}:${supervisor.id}`,
          data: {
            name: firstName(supervisor.name),
            ticketId: ticket.id,
            holderUsername: holder.username,
            managerName: nameOf(boss),
            agentName: agent?.name ?? 'an agent',
            at: now.toISOString(),
          },
        });
      }
      return true;
    });
    if (!decided) throw lapsed();
    return { status };
  }

  private async requireOpen(token: string): Promise<{
    approval: ManagerApprovalEntity;
    holder: AccountEntity;
    boss: AccountEntity;
    ticket: TicketEntity;
  }> {
    const approval = await this.approvals.findByToken(hashToken(token));
    if (!approval || approval.status !== 'pending' || approval.expiresAt <= this.clock.now()) throw lapsed();
    const [holder, boss, ticket] = await Promise.all([
      this.accounts.findById(approval.accountId),
      this.accounts.findById(approval.managerAccountId),
      this.tickets.findById(approval.ticketId),
    ]);
    // A ticket that finished or moved to another account, a holder or manager disabled since: the question no longer stands.
    if (
      !holder ||
      holder.status === 'disabled' ||
      !boss ||
      boss.status === 'disabled' ||
      !ticket ||
      FINISHED_STATUSES.includes(ticket.status) ||
      ticket.accountId !== holder.id
    )
      throw lapsed();
    return { approval, holder, boss, ticket };
  }

  private async requireTicket(id: number): Promise<TicketEntity> {
    const ticket = await this.tickets.findById(id);
    if (!ticket) throw TicketException.notFound(id);
    return ticket;
  }
}

function lapsed(): VerificationException {
  return new VerificationException(
    VerificationErrorCode.ManagerApprovalLapsed,
    'This request is no longer open: it was answered already, it expired after 30 minutes, or the ticket moved on. Nothing was changed',
  );
}
