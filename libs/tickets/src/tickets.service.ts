import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountsRepository } from '@resetdesk/accounts';
import { AuditAction, AuditActor, AuditEventDto, AuditRecorder, AuditReviewService, RequestContext } from '@resetdesk/audit';
import { Clock, ListQuery, maskAddress, Page } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { roleAtLeast, StaffEntity, StaffPrincipal, StaffRepository, staffActor } from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { TicketListFilter, ticketListSpec } from './dto/ticket-list.query';
import { AddNoteDto, OpenTicketDto, TicketDetailDto, TicketDto, TicketNoteDto, UpdateTicketDto } from './dto/ticket.dto';
import { approvalEnd } from './assisted-reset.service';
import { CredentialRevoker } from './credential-revoker.service';
import { canMove, FINISHED_STATUSES, manualMoves } from './ticket-status';
import { RESEND_COOLDOWN_SECONDS, TicketEntity, TicketStatus } from './ticket.entity';
import { TicketErrorCode, TicketException } from './ticket.exception';
import { TicketsRepository } from './tickets.repository';

/** Tickets for people locked out of their account: opened, worked, noted, moved along their status path. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly revoker: CredentialRevoker,
    private readonly accounts: AccountsRepository,
    private readonly staff: StaffRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly auditReview: AuditReviewService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(viewer: StaffPrincipal, query: ListQuery<TicketListFilter>): Promise<Page<TicketDto>> {
    const [rows, total] = await this.tickets.list(query, viewer.id);
    return new Page(ticketListSpec.resource, await this.describe(rows), total, query.skip);
  }

  async get(id: number): Promise<TicketDetailDto> {
    const ticket = await this.require(id);
    const [dto] = await this.describe([ticket]);
    const notes = await this.tickets.notesOf(id);
    const people = new Map(
      (
        await this.staff.findByIds([
          ...new Set([
            ...notes.map((note) => note.authorStaffId),
            ...(ticket.resetApprovedByStaffId ? [ticket.resetApprovedByStaffId] : []),
          ]),
        ])
      ).map((member) => [member.id, member]),
    );
    const codes = await this.tickets.challengesOf(id);
    const links = await this.tickets.linksOf(id);
    const now = this.clock.now();
    const approvalEnds = ticket.resetApprovedAt ? approvalEnd(ticket.resetApprovedAt) : null;
    return {
      ...dto!,
      links: links.map((link) => ({
        id: link.id,
        status: link.usedAt ? 'used' : link.revokedAt ? 'revoked' : link.expiresAt <= now ? 'expired' : 'pending',
        issuedAt: link.createdAt.toISOString(),
        expiresAt: link.expiresAt.toISOString(),
        usedAt: link.usedAt?.toISOString() ?? null,
        revokedAt: link.revokedAt?.toISOString() ?? null,
      })),
      approval:
        ticket.resetApprovedByStaffId && approvalEnds && approvalEnds > now
          ? {
              approvedByStaffId: ticket.resetApprovedByStaffId,
              approvedByName: people.get(ticket.resetApprovedByStaffId)?.name ?? '',
              approvedAt: ticket.resetApprovedAt!.toISOString(),
              validUntil: approvalEnds.toISOString(),
            }
          : null,
      codes: codes.map((code) => ({
        id: code.id,
        channel: code.channel,
        status: code.status,
        attempts: code.attempts,
        issuedAt: code.createdAt.toISOString(),
        expiresAt: code.expiresAt.toISOString(),
        verifiedAt: code.verifiedAt?.toISOString() ?? null,
      })),
      resendAvailableAt: codes.length ? new Date(codes.at(-1)!.createdAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000).toISOString() : null,
      notes: notes.map((note): TicketNoteDto => ({
        id: note.id,
        body: note.body,
        authorStaffId: note.authorStaffId,
        authorName: people.get(note.authorStaffId)?.name ?? '',
        createdAt: note.createdAt.toISOString(),
      })),
    };
  }

  /** Opens a ticket for an account and tells the account holder, in one transaction. */
  async open(actor: StaffPrincipal, dto: OpenTicketDto, context: RequestContext): Promise<TicketDetailDto> {
    const account = await this.accounts.findById(dto.accountId);
    if (!account) throw new TicketException(TicketErrorCode.AccountNotFound, `Account ${dto.accountId} does not exist`);
    const assigneeId = dto.assigneeId === undefined ? actor.id : dto.assigneeId;
    if (assigneeId !== null) await this.requireAssignee(assigneeId);
    const now = this.clock.now();
    const ticket = await this.dataSource.transaction(async (manager) => {
      const created = await this.tickets.insert(
        manager,
        {
          accountId: account.id,
          subject: dto.subject,
          description: dto.description ?? '',
          channel: dto.channel,
          priority: dto.priority ?? 'normal',
          assigneeId,
          openedByStaffId: actor.id,
        },
        now,
      );
      await this.announceOpened(manager, created, account, staffActor(actor), context);
      return created;
    });
    return this.get(ticket.id);
  }

  /**
   * "Contact support" from the portal: an unassigned ticket (channel portal)
   * and the usual email to the account's registered address. One ticket per
   * request id, however often the job runs; returns null when it already exists.
   */
  async openFromPortal(
    account: AccountEntity,
    request: { requestId: string; subject: string; description: string },
    context: RequestContext,
  ): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const created = await this.tickets.insertForRequest(
        manager,
        {
          accountId: account.id,
          subject: request.subject,
          description: request.description,
          channel: 'portal',
          priority: 'normal',
          assigneeId: null,
          openedByStaffId: null,
        },
        request.requestId,
        this.clock.now(),
      );
      if (created) await this.announceOpened(manager, created, account, accountActor(account), context);
      return created?.id ?? null;
    });
  }

  /** The audit event and the "ticket opened" email, in the transaction that created the ticket. */
  private async announceOpened(
    manager: EntityManager,
    ticket: TicketEntity,
    account: AccountEntity,
    actor: AuditActor,
    context: RequestContext,
  ): Promise<void> {
    await this.audit.record(manager, {
      actor,
      action: AuditAction.TicketOpened,
      target: { type: 'ticket', id: ticket.id },
      ticketId: ticket.id,
      accountId: account.id,
      context,
      details: { subject: ticket.subject, channel: ticket.channel, priority: ticket.priority, assigneeId: ticket.assigneeId },
    });
    await this.outbox.enqueue(manager, {
      kind: 'ticket-opened',
      to: account.email,
      accountId: account.id,
      data: { ticketId: ticket.id, displayName: account.displayName, channel: ticket.channel },
      dedupeKey: `ticket-opened:${ticket.id}`,
    });
  }

  async update(actor: StaffPrincipal, id: number, dto: UpdateTicketDto, context: RequestContext): Promise<TicketDetailDto> {
    if (dto.assigneeId) await this.requireAssignee(dto.assigneeId);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.findForUpdate(manager, id);
      if (!ticket) throw TicketException.notFound(id);
      const changes = Object.fromEntries(
        Object.entries(dto).filter(([key, value]) => value !== undefined && value !== ticket[key as keyof TicketEntity]),
      ) as Partial<TicketEntity>;
      if (Object.keys(changes).length === 0) return;
      if (changes.status) {
        if (!canMove(ticket.status, changes.status)) {
          throw new TicketException(TicketErrorCode.IllegalMove, `Ticket #${id} cannot move from ${ticket.status} to ${changes.status}`, {
            currentStatus: ticket.status,
            requestedStatus: changes.status,
          });
        }
        changes.resolvedAt = changes.status === 'resolved' ? now : changes.status === 'open' ? null : ticket.resolvedAt;
      }
      const finishing = changes.status !== undefined && FINISHED_STATUSES.includes(changes.status);
      // A finished ticket keeps no verification or approval that a reopened one could inherit.
      await this.tickets.update(
        manager,
        id,
        finishing ? { ...changes, verifiedUntil: null, resetApprovedByStaffId: null, resetApprovedAt: null } : changes,
        now,
      );
      await this.recordChanges(manager, actor, ticket, changes, context);
      if (finishing) await this.revokeCredentials(manager, actor, ticket, changes.status!, now, context);
    });
    return this.get(id);
  }

  async addNote(actor: StaffPrincipal, id: number, dto: AddNoteDto, context: RequestContext): Promise<TicketNoteDto> {
    const ticket = await this.require(id);
    const note = await this.dataSource.transaction(async (manager) => {
      const created = await this.tickets.addNote(manager, { ticketId: id, authorStaffId: actor.id, body: dto.body }, this.clock.now());
      // The note itself stays on the ticket; the trail records that it was written.
      await this.audit.record(manager, {
        actor: staffActor(actor),
        action: AuditAction.TicketNoteAdded,
        target: { type: 'ticket', id },
        ticketId: id,
        accountId: ticket.accountId,
        context,
        details: { noteId: created.id, characters: created.body.length },
      });
      return created;
    });
    return { id: note.id, body: note.body, authorStaffId: actor.id, authorName: actor.name, createdAt: note.createdAt.toISOString() };
  }

  /**
   * Every audit event of the ticket, oldest first. Agents see addresses with
   * the host part masked (enough to tell "same network as before" on a call,
   * not to locate the holder); supervisors and admins, who review the full
   * audit log anyway, see them whole.
   */
  async timeline(viewer: StaffPrincipal, id: number): Promise<AuditEventDto[]> {
    await this.require(id);
    const page = await this.auditReview.list({ filter: { ticketId: [id] }, sort: { field: 'id', order: 'ASC' }, skip: 0, take: 500 });
    if (roleAtLeast(viewer.role, 'supervisor')) return page.items;
    return page.items.map((event) => ({ ...event, ip: maskAddress(event.ip) }));
  }

  private async recordChanges(
    manager: EntityManager,
    actor: StaffPrincipal,
    ticket: TicketEntity,
    changes: Partial<TicketEntity>,
    context: RequestContext,
  ) {
    const base = {
      actor: staffActor(actor),
      target: { type: 'ticket', id: ticket.id },
      ticketId: ticket.id,
      accountId: ticket.accountId,
      context,
    };
    const { status, resolvedAt: _resolvedAt, ...fields } = changes;
    if (Object.keys(fields).length > 0) {
      await this.audit.record(manager, {
        ...base,
        action: AuditAction.TicketUpdated,
        details: Object.fromEntries(
          Object.keys(fields).map((key) => [key, { from: ticket[key as keyof TicketEntity], to: fields[key as keyof typeof fields] }]),
        ),
      });
    }
    if (status)
      await this.audit.record(manager, { ...base, action: AuditAction.TicketStatusChanged, details: { from: ticket.status, to: status } });
  }

  /** Closing, cancelling or resolving a ticket stops its reset: an agent who spots an impostor closes the ticket and the link or code dies with it. */
  private async revokeCredentials(
    manager: EntityManager,
    actor: StaffPrincipal,
    ticket: TicketEntity,
    status: TicketStatus,
    now: Date,
    context: RequestContext,
  ): Promise<void> {
    const revoked = await this.revoker.revokeForTicket(manager, ticket.id, now);
    if (revoked.links + revoked.codes === 0) return;
    await this.audit.record(manager, {
      actor: staffActor(actor),
      action: AuditAction.CredentialsRevoked,
      target: { type: 'ticket', id: ticket.id },
      ticketId: ticket.id,
      accountId: ticket.accountId,
      context,
      details: { reason: `ticket-${status}`, revokedLinks: revoked.links, revokedCodes: revoked.codes },
    });
  }

  private async describe(rows: TicketEntity[]): Promise<TicketDto[]> {
    const accounts = new Map<number, AccountEntity>(
      (await this.accounts.findByIds([...new Set(rows.map((row) => row.accountId))])).map((account) => [account.id, account]),
    );
    const assignees = new Map<number, StaffEntity>(
      (await this.staff.findByIds([...new Set(rows.flatMap((row) => (row.assigneeId ? [row.assigneeId] : [])))])).map((member) => [
        member.id,
        member,
      ]),
    );
    return rows.map((ticket) => ({
      id: ticket.id,
      accountId: ticket.accountId,
      accountUsername: accounts.get(ticket.accountId)?.username ?? '',
      accountDisplayName: accounts.get(ticket.accountId)?.displayName ?? '',
      accountPrivileged: accounts.get(ticket.accountId)?.privileged ?? false,
      accountChatLinked: Boolean(accounts.get(ticket.accountId)?.chatId),
      subject: ticket.subject,
      description: ticket.description,
      channel: ticket.channel,
      priority: ticket.priority,
      status: ticket.status,
      verifiedUntil: ticket.verifiedUntil?.toISOString() ?? null,
      assigneeId: ticket.assigneeId,
      assigneeName: ticket.assigneeId ? (assignees.get(ticket.assigneeId)?.name ?? null) : null,
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
      allowedMoves: manualMoves(ticket.status),
      finished: FINISHED_STATUSES.includes(ticket.status),
    }));
  }

  private async requireAssignee(id: number): Promise<void> {
    const member = await this.staff.findById(id);
    if (!member || member.disabled) throw new TicketException(TicketErrorCode.AssigneeNotFound, `No active staff member ${id} to assign`);
  }

  private async require(id: number, manager?: EntityManager): Promise<TicketEntity> {
    const ticket = await this.tickets.findById(id, manager);
    if (!ticket) throw TicketException.notFound(id);
    return ticket;
  }
}
