import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { escapeLike, ListQuery } from '@resetdesk/core';
import { EntityManager, In, LessThan, Repository } from 'typeorm';
import { NotificationEntity, NotificationStatus } from './notification.entity';
import { NotificationListFilter } from './dto/notification-list.query';

export type NewNotification = Pick<
  NotificationEntity,
  'kind' | 'channel' | 'milestone' | 'accountId' | 'recipient' | 'subject' | 'payload' | 'dedupeKey'
>;

const SORT_COLUMNS: Record<string, string> = {
  id: 'n.id',
  createdAt: 'n.created_at',
  updatedAt: 'n.updated_at',
  sentAt: 'n.sent_at',
  status: 'n.status',
  kind: 'n.kind',
  attempts: 'n.attempts',
  recipient: 'n.recipient',
};

@Injectable()
export class NotificationRepository {
  constructor(@InjectRepository(NotificationEntity) private readonly notifications: Repository<NotificationEntity>) {}

  /**
   * Inserts a queued row with the caller's manager (so inside its transaction).
   * A duplicate dedupe key inserts nothing and returns null.
   */
  async insertQueued(manager: EntityManager, row: NewNotification, now: Date): Promise<number | null> {
    const result = await this.insertIgnoringDuplicates(manager, [row], now);
    return result.affectedRows ? Number(result.insertId) : null;
  }

  /**
   * Inserts many queued rows in one statement; rows whose dedupe key is
   * taken are skipped by the unique index (not by a read-then-write race).
   * Returns the ids of the rows this call wrote: every row carries a dedupe
   * key, and the rows written now carry this call's `now`.
   */
  async insertManyQueued(manager: EntityManager, rows: Array<NewNotification & { dedupeKey: string }>, now: Date): Promise<number[]> {
    if (rows.length === 0) return [];
    if (!(await this.insertIgnoringDuplicates(manager, rows, now)).affectedRows) return [];
    const written: Array<{ id: string | number }> = await manager.query(
      'SELECT id FROM notifications WHERE dedupe_key IN (?) AND created_at = ? ORDER BY id',
      [rows.map((row) => row.dedupeKey), now],
    );
    return written.map((row) => Number(row.id));
  }

  /** Plain SQL: a scan writes thousands of rows a second, and the query builder's per-row bookkeeping costs more than the insert. */
  private insertIgnoringDuplicates(
    manager: EntityManager,
    rows: NewNotification[],
    now: Date,
  ): Promise<{ affectedRows?: number; insertId?: number }> {
    return manager.query(
      `INSERT IGNORE INTO notifications (kind, channel, milestone, account_id, recipient, subject, payload, dedupe_key, status, attempts, created_at, updated_at, queued_at)
       VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)").join(', ')}`,
      rows.flatMap((row) => [
        row.kind,
        row.channel,
        row.milestone,
        row.accountId,
        row.recipient,
        row.subject,
        row.payload,
        row.dedupeKey,
        now,
        now,
        now,
      ]),
    );
  }

  /** Every notification of one kind for these accounts, newest first (a page's worth of accounts). */
  findOfKindForAccounts(kind: string, accountIds: number[]): Promise<NotificationEntity[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.notifications.find({
      select: { id: true, accountId: true, milestone: true, status: true, dedupeKey: true, createdAt: true, sentAt: true },
      where: { kind, accountId: In(accountIds) },
      order: { id: 'DESC' },
    });
  }

  findById(id: number, manager?: EntityManager): Promise<NotificationEntity | null> {
    return (manager?.getRepository(NotificationEntity) ?? this.notifications).findOneBy({ id });
  }

  async list(query: ListQuery<NotificationListFilter>): Promise<[NotificationEntity[], number]> {
    const { filter } = query;
    const qb = this.notifications.createQueryBuilder('n');
    if (filter.id) qb.andWhere('n.id IN (:...ids)', { ids: filter.id });
    if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
    if (filter.channel) qb.andWhere('n.channel = :channel', { channel: filter.channel });
    if (filter.milestone !== undefined) qb.andWhere('n.milestone = :milestone', { milestone: filter.milestone });
    if (filter.accountId) qb.andWhere('n.account_id IN (:...accountIds)', { accountIds: filter.accountId });
    if (filter.recipient) qb.andWhere('n.recipient LIKE :recipient', { recipient: `${escapeLike(filter.recipient)}%` });
    if (filter.q) {
      qb.andWhere('(n.recipient LIKE :q OR n.subject LIKE :q OR n.last_error LIKE :q)', { q: `%${escapeLike(filter.q)}%` });
    }
    if (filter.createdFrom) qb.andWhere('n.created_at >= :from', { from: filter.createdFrom });
    if (filter.createdTo) qb.andWhere('n.created_at < :to', { to: filter.createdTo });
    qb.orderBy(SORT_COLUMNS[query.sort.field] ?? 'n.id', query.sort.order).addOrderBy('n.id', query.sort.order);
    return qb.skip(query.skip).take(query.take).getManyAndCount();
  }

  /**
   * Counts an attempt and records its time (and the email's Message-ID)
   * before anything is sent, as its own commit: if the process dies after the
   * send, the delivery log still shows the attempt. False when the row is no
   * longer queued (sent or failed meanwhile): nothing is to be sent.
   */
  /**
   * Claims the next attempt: counts it and takes the send lease, committed
   * before the SMTP call. Only one attempt holds the lease at a time, so a
   * job BullMQ re-runs as stalled while the first still sends waits instead
   * of sending a second copy; a crashed attempt's lease runs out on its own.
   */
  async beginAttempt(id: number, messageId: string | null, now: Date, leaseMs: number): Promise<boolean> {
    const result = await this.notifications
      .createQueryBuilder()
      .update()
      .set({
        attempts: () => 'attempts + 1',
        lastAttemptAt: now,
        sendingUntil: new Date(now.getTime() + leaseMs),
        updatedAt: now,
        ...(messageId ? { messageId } : {}),
      })
      .where('id = :id AND status = :queued AND (sending_until IS NULL OR sending_until <= :now)', {
        id,
        queued: NotificationStatus.Queued,
        now,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async markSent(id: number, messageId: string | null, now: Date): Promise<void> {
    await this.notifications
      .createQueryBuilder()
      .update()
      .set({
        status: NotificationStatus.Sent,
        sentAt: now,
        sendingUntil: null,
        updatedAt: now,
        lastError: null,
        ...(messageId ? { messageId } : {}),
      })
      .where('id = :id AND status <> :sent', { id, sent: NotificationStatus.Sent })
      .execute();
  }

  /** Records the outcome of the attempt `beginAttempt` counted; the last allowed attempt turns the row `failed`. */
  async markAttemptFailed(id: number, error: string, final: boolean, now: Date): Promise<void> {
    await this.notifications
      .createQueryBuilder()
      .update()
      .set({
        status: final ? NotificationStatus.Failed : NotificationStatus.Queued,
        sendingUntil: null,
        lastError: error.slice(0, 1000),
        updatedAt: now,
      })
      .where('id = :id AND status = :queued', { id, queued: NotificationStatus.Queued })
      .execute();
  }

  /**
   * Every failed row back to queued, in the caller's transaction; the rows
   * are locked first so a concurrent bulk retry waits and then finds none.
   * Returns the ids it moved.
   */
  async requeueAllFailed(manager: EntityManager, now: Date): Promise<number[]> {
    const rows: Array<{ id: string | number }> = await manager.query(
      'SELECT id FROM notifications WHERE status = ? ORDER BY id FOR UPDATE',
      [NotificationStatus.Failed],
    );
    const ids = rows.map((row) => Number(row.id));
    for (let start = 0; start < ids.length; start += 1000) {
      await manager.query('UPDATE notifications SET status = ?, queued_at = ?, updated_at = ? WHERE id IN (?) AND status = ?', [
        NotificationStatus.Queued,
        now,
        now,
        ids.slice(start, start + 1000),
        NotificationStatus.Failed,
      ]);
    }
    return ids;
  }

  /** Moves a failed row back to queued; false when it was not failed (someone else won, or it is sent). */
  async requeueFailed(manager: EntityManager, id: number, now: Date): Promise<boolean> {
    const result = await manager
      .getRepository(NotificationEntity)
      .update({ id, status: NotificationStatus.Failed }, { status: NotificationStatus.Queued, queuedAt: now, updatedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async findStaleQueuedIds(cutoff: Date, limit: number): Promise<number[]> {
    const rows = await this.notifications.find({
      select: { id: true },
      where: { status: NotificationStatus.Queued, queuedAt: LessThan(cutoff) },
      order: { queuedAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  async touchQueuedAt(ids: number[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.notifications.update({ id: In(ids), status: NotificationStatus.Queued }, { queuedAt: now });
  }

  async countByStatus(): Promise<Record<NotificationStatus, number>> {
    const rows = await this.notifications
      .createQueryBuilder('n')
      .select('n.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('n.status')
      .getRawMany<{ status: NotificationStatus; count: string }>();
    const counts: Record<NotificationStatus, number> = { queued: 0, sent: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}
