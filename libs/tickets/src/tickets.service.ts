import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountsRepository } from '@resetdesk/accounts';
import { AuditAction, AuditActor, AuditEventDto, AuditRecorder, AuditReviewService } from '@resetdesk/audit';
import { Clock, ListQuery, maskAddress, Page, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { roleAtLeast, StaffEntity, StaffPrincipal, StaffRepository, staffActor } from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { TicketListFilter, ticketListSpec } from './dto/ticket-list.query';
import {
  AddNoteDto,
  OpenTicketDto,
  TicketApprovalDto,
  TicketCodeDto,
  TicketDetailDto,
  TicketDto,
  TicketLinkDto,
  TicketManagerApprovalDto,
  TicketNoteDto,
  toTicketDto,
  toTicketNoteDto,
  UpdateTicketDto,
} from './dto/ticket.dto';
import { canMove, FINISHED_STATUSES } from './ticket-status';
import { TicketEntity, TicketStatus } from './ticket.entity';
import { TicketErrorCode, TicketException } from './ticket.exception';
import { NO_VERIFICATION, TicketsRepository } from './tickets.repository';

/** The parts of a ticket's detail that other domains keep: the codes sent for it, its reset links, a pending approval. */
export interface TicketDetailParts {
  codes?: TicketCodeDto[];
  links?: TicketLinkDto[];
  approval?: TicketApprovalDto | null;
  /** Staff who may not approve the reset (the agent, the caller's verifiers). */
  approvalBarredStaffIds?: number[];
  /** When the cooldown after the last code ends (null: none sent yet); the hourly limit may still refuse a code then. */
  resendAvailableAt?: string | null;
  /** Codes on the ticket locked so often that only a supervisor may send the next one. */
  codeNeedsSupervisor?: boolean;
  /** Whether the holder enrolled an authenticator app. */
  authenticatorEnrolled?: boolean;
  /** The account's manager, who can be asked to approve the caller (null: none on record). */
  accountManagerName?: string | null;
  /** The newest manager approval asked on this ticket. */
  managerApproval?: TicketManagerApprovalDto | null;
}
export type TicketDetailSource = (ticket: TicketEntity, now: Date) => Promise<TicketDetailParts>;

/** A ticket a staff member finished (resolved, closed, cancelled), inside the transaction that finished it. */
export interface FinishedTicket {
  actor: StaffPrincipal;
  ticket: TicketEntity;
  status: TicketStatus;
  now: Date;
  context: RequestContext;
}
export type TicketFinishedListener = (manager: EntityManager, finished: FinishedTicket) => Promise<void>;

/** Why the ticket's account may no longer be changed (a code went to its holder), or null; asked under the ticket's lock. */
export type AccountChangeCheck = (manager: EntityManager, ticket: TicketEntity) => Promise<string | null>;

/** Tickets for people locked out of their account: opened, worked, noted, moved along their status path. */
@Injectable()
export class TicketsService {
  private readonly detailSources: TicketDetailSource[] = [];
  private readonly finishedListeners: TicketFinishedListener[] = [];
  private readonly accountChangeChecks: AccountChangeCheck[] = [];

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly accounts: AccountsRepository,
    private readonly staff: StaffRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly auditReview: AuditReviewService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Verification and resets add their parts of the detail (they depend on this lib, not the other way round). */
  addDetailSource(source: TicketDetailSource): void {
    this.detailSources.push(source);
  }

  /** Resets register what a finished ticket must lose, in the transaction that finishes it. */
  onFinished(listener: TicketFinishedListener): void {
    this.finishedListeners.push(listener);
  }

  /** Verification registers that a ticket whose holder got a code keeps its account. */
  beforeAccountChange(check: AccountChangeCheck): void {
    this.accountChangeChecks.push(check);
  }

  async list(viewer: StaffPrincipal, query: ListQuery<TicketListFilter>): Promise<Page<TicketDto>> {
    const now = this.clock.now();
    const [rows, total] = await this.tickets.list(query, viewer.id, now);
    return new Page(ticketListSpec.resource, await this.describe(rows, now), total, query.skip);
  }

  async get(id: number): Promise<TicketDetailDto> {
    const ticket = await this.require(id);
    const now = this.clock.now();
    const [dto] = await this.describe([ticket], now);
    const notes = await this.tickets.notesOf(id);
    const authors = new Map(
      (await this.staff.findByIds([...new Set(notes.map((note) => note.authorStaffId))])).map((member) => [member.id, member]),
    );
    const parts: TicketDetailParts = {};
    for (const source of this.detailSources) Object.assign(parts, await source(ticket, now));
    return {
      ...dto!,
      links: parts.links ?? [],
      approval: parts.approval ?? null,
      approvalBarredStaffIds: parts.approvalBarredStaffIds ?? [],
      codes: parts.codes ?? [],
      resendAvailableAt: parts.resendAvailableAt ?? null,
      codeNeedsSupervisor: parts.codeNeedsSupervisor ?? false,
      authenticatorEnrolled: parts.authenticatorEnrolled ?? false,
      accountManagerName: parts.accountManagerName ?? null,
      managerApproval: parts.managerApproval ?? null,
      notes: notes.map((note) => toTicketNoteDto(note, authors.get(note.authorStaffId))),
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
    request: { requestId: string; subject: string; description: string; callbackPhone: string | null; callbackEmail: string | null },
    context: RequestContext,
  ): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const created = await this.tickets.insertForRequest(
        manager,
        {
          accountId: account.id,
          subject: request.subject,
          description: request.description,
          callbackPhone: request.callbackPhone,
          callbackEmail: request.callbackEmail,
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
      details: {
        subject: ticket.subject,
        channel: ticket.channel,
        priority: ticket.priority,
        assigneeId: ticket.assigneeId,
        // Which ways back were given, not what they are (the ticket shows them to staff).
        ...(ticket.callbackPhone || ticket.callbackEmail
          ? { callbackGiven: [ticket.callbackPhone ? 'phone' : null, ticket.callbackEmail ? 'email' : null].filter(Boolean) }
          : {}),
      },
    });
    await this.enqueueOpenedEmail(manager, ticket, account, `ticket-opened:${ticket.id}`);
  }

  /** The "ticket opened" email to the ticket's holder: once per ticket and account (the dedupe key says so). */
  private async enqueueOpenedEmail(manager: EntityManager, ticket: TicketEntity, account: AccountEntity, dedupeKey: string): Promise<void> {
    await this.outbox.enqueue(manager, {
      kind: 'ticket-opened',
      to: account.email,
      accountId: account.id,
      data: {
        ticketId: ticket.id,
        displayName: account.displayName,
        channel: ticket.channel,
        otherContactGiven: Boolean(ticket.callbackPhone || ticket.callbackEmail),
      },
      dedupeKey,
    });
  }

  /** The account a ticket moves to, when it may move: still open, no code sent to anyone for it. */
  private async requireAccountChange(manager: EntityManager, ticket: TicketEntity, accountId: number): Promise<AccountEntity> {
    const account = await this.accounts.findById(accountId, manager);
    if (!account) throw new TicketException(TicketErrorCode.AccountNotFound, `Account ${accountId} does not exist`);
    const refusal =
      ticket.status !== 'open'
        ? `Ticket #${ticket.id} is ${ticket.status.replace('_', ' ')}: its account can only be changed while it is open and no code was sent`
        : await this.firstRefusal(manager, ticket);
    if (refusal) throw new TicketException(TicketErrorCode.AccountFixed, refusal, { currentStatus: ticket.status });
    return account;
  }

  private async firstRefusal(manager: EntityManager, ticket: TicketEntity): Promise<string | null> {
    for (const check of this.accountChangeChecks) {
      const refusal = await check(manager, ticket);
      if (refusal) return refusal;
    }
    return null;
  }

  async update(actor: StaffPrincipal, id: number, dto: UpdateTicketDto, context: RequestContext): Promise<TicketDetailDto> {
    const { reason, ...fields } = dto;
    if (fields.assigneeId) await this.requireAssignee(fields.assigneeId);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const ticket = await this.tickets.findForUpdate(manager, id);
      if (!ticket) throw TicketException.notFound(id);
      const changes = Object.fromEntries(
        Object.entries(fields).filter(([key, value]) => value !== undefined && value !== ticket[key as keyof TicketEntity]),
      ) as Partial<TicketEntity>;
      if (Object.keys(changes).length === 0) return;
      const newAccount = changes.accountId === undefined ? null : await this.requireAccountChange(manager, ticket, changes.accountId);
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
      await this.tickets.update(manager, id, finishing ? { ...changes, ...NO_VERIFICATION } : changes, now);
      await this.recordChanges(manager, actor, ticket, changes, context, reason);
      // The right holder hears of their ticket as the wrong one did; the wrong one got no code and keeps nothing.
      if (newAccount) await this.enqueueOpenedEmail(manager, ticket, newAccount, `ticket-opened:${id}:${newAccount.id}`);
      if (finishing) {
        for (const listener of this.finishedListeners) await listener(manager, { actor, ticket, status: changes.status!, now, context });
      }
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
    return toTicketNoteDto(note, actor);
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
    reason?: string,
  ) {
    const base = {
      actor: staffActor(actor),
      target: { type: 'ticket', id: ticket.id },
      ticketId: ticket.id,
      accountId: ticket.accountId,
      context,
    };
    const { status, resolvedAt: _resolvedAt, ...fields } = changes;
    const why = reason ? { reason } : {};
    if (Object.keys(fields).length > 0) {
      await this.audit.record(manager, {
        ...base,
        // An account correction is told under the account it moved to, too.
        ...(fields.accountId !== undefined ? { accountId: fields.accountId } : {}),
        action: AuditAction.TicketUpdated,
        details: {
          ...Object.fromEntries(
            Object.keys(fields).map((key) => [key, { from: ticket[key as keyof TicketEntity], to: fields[key as keyof typeof fields] }]),
          ),
          ...(status ? {} : why),
        },
      });
    }
    if (status)
      await this.audit.record(manager, {
        ...base,
        action: AuditAction.TicketStatusChanged,
        details: { from: ticket.status, to: status, ...why },
      });
  }

  private async describe(rows: TicketEntity[], now: Date): Promise<TicketDto[]> {
    const accounts = new Map<number, AccountEntity>(
      (await this.accounts.findByIds([...new Set(rows.map((row) => row.accountId))])).map((account) => [account.id, account]),
    );
    const staffIds = rows.flatMap((row) => [row.assigneeId, row.approvalRequestedByStaffId].filter((id): id is number => id !== null));
    const staff = new Map<number, StaffEntity>((await this.staff.findByIds([...new Set(staffIds)])).map((member) => [member.id, member]));
    return rows.map((ticket) =>
      toTicketDto(
        ticket,
        {
          account: accounts.get(ticket.accountId),
          assignee: ticket.assigneeId ? staff.get(ticket.assigneeId) : undefined,
          approvalRequester: ticket.approvalRequestedByStaffId ? staff.get(ticket.approvalRequestedByStaffId) : undefined,
        },
        now,
      ),
    );
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
