import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { escapeLike, ListQuery } from '@resetdesk/core';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { ChainedFields } from './chain/canonical';
import { actionsInGroup } from './audit.types';
import { AuditEventListFilter } from './dto/audit-event-list.query';

const SORT_COLUMNS: Record<string, string> = { id: 'e.id', seq: 'e.seq', occurredAt: 'e.occurred_at', action: 'e.action' };

/** An event as it is stored before sealing: the chained fields without the id, details already redacted and serialised. */
export type NewAuditEventRow = Omit<ChainedFields, 'id' | 'details'> & { details: string };

/** Who and what a page of events points at, by the names they have now (the stored label keeps the one at the time). */
export interface AuditSubjectNames {
  accounts: Map<number, string>;
  staff: Map<number, string>;
  policies: Map<number, string>;
}

const numericId = (value: string | number | null): number | null =>
  value !== null && /^\d{1,15}$/.test(String(value)) ? Number(value) : null;

/** The audit trail: appended with the caller's transaction, read for review and export; no row is ever updated or deleted here. */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>) {}

  /** Many events in one INSERT with the caller's manager, so they commit or roll back with the change they record. */
  async appendMany(manager: EntityManager, rows: NewAuditEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    // Plain SQL: a scan may write a thousand events in one statement, and the query builder's per-row work dominates that.
    await manager.query(
      `INSERT INTO audit_events (occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, ticket_id, account_id, ip, user_agent, details)
       VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      rows.flatMap((row) => [
        row.occurredAt,
        row.actorType,
        row.actorId,
        row.actorLabel,
        row.action,
        row.targetType,
        row.targetId,
        row.ticketId,
        row.accountId,
        row.ip,
        row.userAgent,
        row.details,
      ]),
    );
  }

  private filtered(filter: Partial<AuditEventListFilter>): SelectQueryBuilder<AuditEventEntity> {
    const qb = this.events.createQueryBuilder('e');
    if (filter.id) qb.andWhere('e.id IN (:...ids)', { ids: filter.id });
    if (filter.actorType) qb.andWhere('e.actor_type = :actorType', { actorType: filter.actorType });
    if (filter.actorId) qb.andWhere('e.actor_id = :actorId', { actorId: filter.actorId });
    if (filter.actorLabel) qb.andWhere('e.actor_label LIKE :actorLabel', { actorLabel: `${escapeLike(filter.actorLabel)}%` });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.actionGroup) qb.andWhere('e.action IN (:...groupActions)', { groupActions: actionsInGroup(filter.actionGroup) });
    if (filter.staffId) {
      qb.andWhere("e.actor_type = 'staff' AND e.actor_id IN (:...staffIds)", { staffIds: filter.staffId.map(String) });
    }
    if (filter.targetType) qb.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) qb.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.ticketId) qb.andWhere('e.ticket_id IN (:...ticketIds)', { ticketIds: filter.ticketId });
    if (filter.accountId) qb.andWhere('e.account_id IN (:...accountIds)', { accountIds: filter.accountId });
    if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
    if (filter.q) {
      qb.andWhere('(e.action LIKE :q OR e.target_type LIKE :q OR e.target_id LIKE :q OR e.actor_label LIKE :q)', {
        q: `%${escapeLike(filter.q)}%`,
      });
    }
    return qb;
  }

  list(query: ListQuery<AuditEventListFilter>): Promise<[AuditEventEntity[], number]> {
    return this.filtered(query.filter)
      .orderBy(SORT_COLUMNS[query.sort.field] ?? 'e.id', query.sort.order)
      .addOrderBy('e.id', query.sort.order)
      .skip(query.skip)
      .take(query.take)
      .getManyAndCount();
  }

  count(filter: Partial<AuditEventListFilter>): Promise<number> {
    return this.filtered(filter).getCount();
  }

  findById(id: number): Promise<AuditEventEntity | null> {
    return this.events.findOneBy({ id });
  }

  /** The filtered set in id order, a page at a time (keyset), for streaming exports. */
  async *stream(filter: Partial<AuditEventListFilter>, pageSize = 1000): AsyncGenerator<AuditEventEntity[]> {
    let afterId = 0;
    for (;;) {
      const page = await this.filtered(filter).andWhere('e.id > :afterId', { afterId }).orderBy('e.id', 'ASC').limit(pageSize).getMany();
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      afterId = page[page.length - 1]!.id;
    }
  }

  /**
   * The trail's read side names what it points at, in three lookups per page
   * (the other domains' tables, read only): an event keeps its ids, so a row
   * deleted since still reads as "Account #7".
   */
  async namesFor(events: AuditEventEntity[]): Promise<AuditSubjectNames> {
    const ids = { accounts: new Set<number>(), staff: new Set<number>(), policies: new Set<number>() };
    const add = (set: Set<number>, value: string | number | null) => {
      const id = numericId(value);
      if (id !== null) set.add(id);
    };
    for (const event of events) {
      add(ids.accounts, event.accountId);
      if (event.actorType === 'account') add(ids.accounts, event.actorId);
      if (event.actorType === 'staff') add(ids.staff, event.actorId);
      if (event.targetType === 'account') add(ids.accounts, event.targetId);
      if (event.targetType === 'staff') add(ids.staff, event.targetId);
      if (event.targetType === 'password-policy') add(ids.policies, event.targetId);
    }
    const lookup = async (set: Set<number>, sql: string, name: (row: Record<string, unknown>) => string) => {
      if (set.size === 0) return new Map<number, string>();
      const rows: Array<Record<string, unknown>> = await this.events.manager.query(sql, [[...set]]);
      return new Map(rows.map((row) => [Number(row.id), name(row)]));
    };
    const [accounts, staff, policies] = await Promise.all([
      lookup(
        ids.accounts,
        'SELECT id, username, display_name FROM accounts WHERE id IN (?)',
        (row) => `${row.display_name} (${row.username})`,
      ),
      lookup(ids.staff, 'SELECT id, name FROM staff WHERE id IN (?)', (row) => String(row.name)),
      lookup(ids.policies, 'SELECT id, name FROM password_policies WHERE id IN (?)', (row) => String(row.name)),
    ]);
    return { accounts, staff, policies };
  }

  /** Everyone who may appear as a staff actor, for the audit log's staff picker. */
  staffMembers(): Promise<Array<{ id: number; name: string; email: string }>> {
    return this.events.manager
      .query('SELECT id, name, email FROM staff ORDER BY name, id')
      .then((rows: Array<{ id: string | number; name: string; email: string }>) =>
        rows.map((row) => ({ id: Number(row.id), name: row.name, email: row.email })),
      );
  }
}
