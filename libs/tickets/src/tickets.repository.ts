import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { EntityManager, Repository } from 'typeorm';
import { TicketListFilter } from './dto/ticket-list.query';
import { ResetTokenEntity } from './reset-token.entity';
import { FINISHED_STATUSES } from './ticket-status';
import { TicketEntity, TicketNoteEntity, VerificationChallengeEntity } from './ticket.entity';

const SORT_COLUMNS: Record<string, string> = {
  id: 't.id',
  createdAt: 't.created_at',
  updatedAt: 't.updated_at',
  status: 't.status',
  priority: "FIELD(t.priority, 'low', 'normal', 'high', 'urgent')",
  subject: 't.subject',
};

export type NewTicket = Pick<
  TicketEntity,
  'accountId' | 'subject' | 'description' | 'channel' | 'priority' | 'assigneeId' | 'openedByStaffId'
>;

@Injectable()
export class TicketsRepository {
  constructor(
    @InjectRepository(TicketEntity) private readonly tickets: Repository<TicketEntity>,
    @InjectRepository(TicketNoteEntity) private readonly notes: Repository<TicketNoteEntity>,
    @InjectRepository(VerificationChallengeEntity) private readonly challenges: Repository<VerificationChallengeEntity>,
    @InjectRepository(ResetTokenEntity) private readonly links: Repository<ResetTokenEntity>,
  ) {}

  /** The codes sent for a ticket, without their hashes. */
  challengesOf(ticketId: number): Promise<VerificationChallengeEntity[]> {
    return this.challenges.find({
      where: { ticketId },
      order: { id: 'ASC' },
      select: { id: true, channel: true, status: true, attempts: true, createdAt: true, expiresAt: true, verifiedAt: true },
    });
  }

  /** The reset links issued on a ticket, without their hashes. */
  linksOf(ticketId: number): Promise<ResetTokenEntity[]> {
    return this.links.find({
      where: { ticketId },
      order: { id: 'ASC' },
      select: { id: true, issuedByStaffId: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true },
    });
  }

  list(query: ListQuery<TicketListFilter>, viewerId: number): Promise<[TicketEntity[], number]> {
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
    if (filter.active !== undefined) {
      qb.andWhere(`t.status ${filter.active ? 'NOT IN' : 'IN'} (:...finished)`, { finished: [...FINISHED_STATUSES] });
    }
    if (filter.createdFrom) qb.andWhere('t.created_at >= :from', { from: filter.createdFrom });
    if (filter.createdTo) qb.andWhere('t.created_at < :to', { to: filter.createdTo });
    if (filter.resolvedFrom) qb.andWhere('t.resolved_at >= :resolvedFrom', { resolvedFrom: filter.resolvedFrom });
    if (filter.resolvedTo) qb.andWhere('t.resolved_at < :resolvedTo', { resolvedTo: filter.resolvedTo });
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
}
