import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { EntityManager, In, Repository } from 'typeorm';
import { TicketListFilter } from './dto/ticket-list.query';
import { FINISHED_STATUSES } from './ticket-status';
import { TicketEntity, TicketNoteEntity } from './ticket.entity';

const SORT_COLUMNS: Record<string, string> = {
  id: 't.id',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  status: 't.status',
  priority: "FIELD(t.priority, 'low', 'normal', 'high', 'urgent')",
  subject: 't.subject',
};

/** What a reset claims: the verification that was checked and, for a privileged account, the approval that covers it. */
export interface ResetClaim {
  id: number;
  verifiedUntil: Date | null;
  approval: { approverId: number; approvedAfter: Date } | null;
}

/** What a request for approval leaves behind once it is answered or its verification is gone. */
const NO_APPROVAL_REQUEST = { approvalRequestedAt: null, approvalRequestedByStaffId: null } as const;

/** What a ticket loses with its verification (reset, finished): the approval of it and the request for one go too. */
export const NO_VERIFICATION = {
  verifiedUntil: null,
  resetApprovedByStaffId: null,
  resetApprovedAt: null,
  ...NO_APPROVAL_REQUEST,
} as const;

export type NewTicket = Pick<
  TicketEntity,
  'accountId' | 'subject' | 'description' | 'channel' | 'priority' | 'assigneeId' | 'openedByStaffId'
> &
  Partial<Pick<TicketEntity, 'callbackPhone' | 'callbackEmail'>>;

@Injectable()
export class TicketsRepository {
  constructor(
    @InjectRepository(TicketEntity) private readonly tickets: Repository<TicketEntity>,
    @InjectRepository(TicketNoteEntity) private readonly notes: Repository<TicketNoteEntity>,
  ) {}

  list(query: ListQuery<TicketListFilter>, viewerId: number, now: Date): Promise<[TicketEntity[], number]> {
    const { filter } = query;
    const qb = this.tickets.createQueryBuilder('t');
    if (filter.id) qb.andWhere('t.id IN (:...ids)', { ids: filter.id });
    if (filter.q) qb.andWhere('t.subject LIKE :q', { q: `%${filter.q.replace(/[\\%_]/g, '\\$&')}%` });
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    if (filter.channel) qb.andWhere('t.channel = :channel', { channel: filter.channel });
    if (filter.priority) qb.andWhere('t.priority = :priority', { priority: filter.priority });
    if (filter.assigneeId) qb.andWhere('t.assignee_id IN (:...assigneeIds)', { assigneeIds: filter.assigneeId });
    if (filter.accountId) qb.andWhere('t.account_id IN (:...accountIds)', { accountIds: filter.accountId });
    if (filter.mine) qb.andWhere('t.assignee_id = :viewerId', { viewerId });
    if (filter.unassigned !== undefined) qb.andWhere(`t.assignee_id IS ${filter.unassigned ? '' : 'NOT '}NULL`);
    if (filter.awaitingApproval !== undefined) {
      const awaiting =
        "t.approval_requested_at IS NOT NULL AND (t.reset_approved_at IS NULL OR t.reset_approved_at < t.approval_requested_at) AND t.status = 'verified' AND t.verified_until > :awaitingAt";
      qb.andWhere(filter.awaitingApproval ? awaiting : `NOT (${awaiting})`, { awaitingAt: now });
    }
    if (filter.active !== undefined) {
      qb.andWhere(`t.status ${filter.active ? 'NOT IN' : 'IN'} (:...finished)`, { finished: [...FINISHED_STATUSES] });
    }
    if (filter.createdFrom) qb.andWhere('t.created_at >= :from', { from: filter.createdFrom });
    if (filter.createdTo) qb.andWhere('t.created_at < :to', { to: filter.createdTo });
    if (filter.resolvedFrom) qb.andWhere('t.resolved_at >= :resolvedFrom', { resolvedFrom: filter.resolvedFrom });
    if (filter.resolvedTo) qb.andWhere('t.resolved_at < :resolvedTo', { resolvedTo: filter.resolvedTo });
    if (filter.updatedTo) qb.andWhere('t.updated_at < :updatedTo', { updatedTo: filter.updatedTo });
    return qb
      .orderBy(SORT_COLUMNS[query.sort.field] ?? 't.id', query.sort.order)
      .addOrderBy('t.id', query.sort.order)
      .skip(query.skip)
      .take(query.take)
      .getManyAndCount();
  }

  findById(id: number, manager?: EntityManager): Promise<TicketEntity | null> {
    return (manager?.getRepository(TicketEntity) ?? this.tickets).findOneBy({ id });
  }

  /** The ticket row, locked until the transaction ends: status moves, verifications and link uses on one ticket take turns. */
  findForUpdate(manager: EntityManager, id: number): Promise<TicketEntity | null> {
    return manager.getRepository(TicketEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(manager: EntityManager, ticket: NewTicket, now: Date): Promise<TicketEntity> {
    const repository = manager.getRepository(TicketEntity);
    return repository.save(repository.create({ ...ticket, status: 'open', createdAt: now, updatedAt: now, resolvedAt: null }));
  }

  /** Inserts a portal ticket unless one exists for the same request id (unique key, so a retried job cannot race); null then. */
  async insertForRequest(manager: EntityManager, ticket: NewTicket, portalRequestId: string, now: Date): Promise<TicketEntity | null> {
    const row = { ...ticket, portalRequestId, status: 'open' as const, createdAt: now, updatedAt: now, resolvedAt: null };
    const inserted = await manager.createQueryBuilder().insert().into(TicketEntity).values(row).orIgnore().updateEntity(false).execute();
    const raw = inserted.raw as { affectedRows?: number; insertId?: number };
    return raw.affectedRows ? manager.getRepository(TicketEntity).create({ ...row, id: Number(raw.insertId) }) : null;
  }

  async update(manager: EntityManager, id: number, changes: Partial<TicketEntity>, now: Date): Promise<void> {
    await manager.getRepository(TicketEntity).update({ id }, { ...changes, updatedAt: now });
  }

  notesOf(ticketId: number): Promise<TicketNoteEntity[]> {
    return this.notes.find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  async addNote(
    manager: EntityManager,
    note: Pick<TicketNoteEntity, 'ticketId' | 'authorStaffId' | 'body'>,
    now: Date,
  ): Promise<TicketNoteEntity> {
    const repository = manager.getRepository(TicketNoteEntity);
    return repository.save(repository.create({ ...note, createdAt: now }));
  }

  /** A new code was sent: the ticket waits for the caller to read it back, and any earlier verification is gone (and what was asked for it). */
  async markVerifying(manager: EntityManager, id: number, now: Date): Promise<void> {
    await manager
      .getRepository(TicketEntity)
      .update({ id }, { status: 'verifying', verifiedUntil: null, ...NO_APPROVAL_REQUEST, updatedAt: now });
  }

  /** The holder's manager denied the caller: the verification ends (back to open), whatever it had reached. */
  async markVerificationDenied(manager: EntityManager, id: number, now: Date): Promise<void> {
    await manager
      .getRepository(TicketEntity)
      .update({ id }, { status: 'open', verifiedUntil: null, ...NO_APPROVAL_REQUEST, updatedAt: now });
  }

  /** The caller read back the right code: the ticket may be reset until `verifiedUntil`. */
  async markCallerVerified(manager: EntityManager, id: number, verifiedUntil: Date, now: Date): Promise<void> {
    await manager.getRepository(TicketEntity).update({ id }, { status: 'verified', verifiedUntil, updatedAt: now });
  }

  /** A supervisor's go-ahead for the reset of a privileged account on this ticket; it answers the request for it. */
  async recordResetApproval(manager: EntityManager, id: number, approverId: number, now: Date): Promise<void> {
    await manager
      .getRepository(TicketEntity)
      .update({ id }, { resetApprovedByStaffId: approverId, resetApprovedAt: now, ...NO_APPROVAL_REQUEST, updatedAt: now });
  }

  /**
   * Records an agent's request for approval as one conditional UPDATE: true for the one request that
   * asked first in this verification, false when one was made already (however many clicks arrive at
   * once, supervisors are told once) or the verification changed or ran out meanwhile.
   */
  async recordApprovalRequest(
    manager: EntityManager,
    claim: Pick<ResetClaim, 'id' | 'verifiedUntil'> & { verifiedAt: Date },
    staffId: number,
    now: Date,
  ): Promise<boolean> {
    const recorded = await manager
      .createQueryBuilder()
      .update(TicketEntity)
      .set({ approvalRequestedAt: now, approvalRequestedByStaffId: staffId, updatedAt: now })
      .where(
        "id = :id AND status = 'verified' AND verified_until > :now AND verified_until = :verifiedUntil AND approval_requested_at IS NULL AND (reset_approved_at IS NULL OR reset_approved_at < :verifiedAt)",
        { id: claim.id, now, verifiedUntil: claim.verifiedUntil, verifiedAt: claim.verifiedAt },
      )
      .execute();
    return Boolean(recorded.affected);
  }

  /**
   * verified → reset_sent as one conditional UPDATE, using up the approval;
   * false when the ticket was reset meanwhile, its verification ran out or
   * changed, or the approval no longer holds.
   */
  async claimForReset(manager: EntityManager, claim: ResetClaim, now: Date): Promise<boolean> {
    const approvalClause = claim.approval ? 'AND reset_approved_by_staff_id = :approverId AND reset_approved_at > :approvedAfter' : '';
    const claimed = await manager
      .createQueryBuilder()
      .update(TicketEntity)
      .set({
        status: 'reset_sent',
        ...NO_VERIFICATION,
        updatedAt: now,
      })
      // verified_until stands for the verification that was checked: one made since (by someone else) does not inherit the checks.
      .where(`id = :id AND status = 'verified' AND verified_until > :now AND verified_until = :verifiedUntil ${approvalClause}`, {
        id: claim.id,
        now,
        verifiedUntil: claim.verifiedUntil,
        approverId: claim.approval?.approverId ?? null,
        approvedAfter: claim.approval?.approvedAfter ?? null,
      })
      .execute();
    return Boolean(claimed.affected);
  }

  /** Undoes `claimForReset` (made at `now`) with the ticket as it was before: only if nothing else moved it since. */
  async releaseReset(manager: EntityManager, before: TicketEntity, now: Date): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(TicketEntity)
      .set({
        status: 'verified',
        verifiedUntil: before.verifiedUntil,
        resetApprovedByStaffId: before.resetApprovedByStaffId,
        resetApprovedAt: before.resetApprovedAt,
        updatedAt: now,
      })
      .where("id = :id AND status = 'reset_sent' AND updated_at = :now", { id: before.id, now })
      .execute();
  }

  /** Tickets that waited for the holder to set a password of their own (`reset_sent`) are resolved; returns their ids. */
  async resolveWaitingForReset(manager: EntityManager, accountId: number, now: Date, onlyTicketId?: number | null): Promise<number[]> {
    const waiting = await manager.getRepository(TicketEntity).find({
      where: { accountId, status: 'reset_sent', ...(onlyTicketId ? { id: onlyTicketId } : {}) },
      select: { id: true },
      lock: { mode: 'pessimistic_write' },
    });
    const ids = waiting.map((ticket) => ticket.id);
    if (ids.length > 0)
      await manager
        .getRepository(TicketEntity)
        .update({ id: In(ids), status: 'reset_sent' }, { status: 'resolved', resolvedAt: now, updatedAt: now });
    return ids;
  }
}
