import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { escapeLike, ListQuery } from '@resetdesk/core';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { AccountEntity, PasswordHistoryEntity } from './account.entity';
import { AccountListFilter } from './dto/account-list.query';

const SORT_COLUMNS: Record<string, string> = {
  id: 'a.id',
  username: 'a.username',
  email: 'a.email',
  displayName: 'a.display_name',
  status: 'a.status',
  passwordChangedAt: 'a.password_changed_at',
  passwordExpiresAt: 'a.password_expires_at',
};

/** What the reminder scan reads of an account: no hashes. */
export interface ExpiringAccount {
  id: number;
  username: string;
  email: string;
  displayName: string;
  policyId: number | null;
  passwordChangedAt: Date | null;
  passwordExpiresAt: Date;
  passwordVersion: number;
}

/** Where a keyset page ends: the next page starts after it. */
export interface ExpiryCursor {
  expiresAt: Date;
  id: number;
}

/** An account whose password the expiry pass has just marked expired. */
export interface ExpiredAccount {
  id: number;
  username: string;
  passwordVersion: number;
  passwordExpiresAt: Date;
}

/** Who hears about an expiring password: not disabled, and not on a temporary password (it lasts a day and is refused once expired). */
export const REMINDED_ACCOUNTS = "must_change_password = 0 AND status <> 'disabled'";

export type NewAccount = Pick<AccountEntity, 'username' | 'email' | 'displayName' | 'chatId' | 'privileged' | 'policyId'> &
  Partial<Pick<AccountEntity, 'personalEmail' | 'phone' | 'managerId'>>;

@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(PasswordHistoryEntity) private readonly history: Repository<PasswordHistoryEntity>,
  ) {}

  list(query: ListQuery<AccountListFilter>, now: Date): Promise<[AccountEntity[], number]> {
    return this.page(this.filtered(this.accounts.createQueryBuilder('a'), query.filter, now), query);
  }

  /**
   * A list page of the accounts whose password expires in [from, to) and
   * who get expiry reminders (the "Upcoming expiries" page), with the
   * directory's own filters.
   */
  listExpiring(from: Date, to: Date, query: ListQuery<AccountListFilter>, now: Date): Promise<[AccountEntity[], number]> {
    const qb = this.accounts
      .createQueryBuilder('a')
      .where('a.password_expires_at >= :from AND a.password_expires_at < :to', { from, to })
      .andWhere(REMINDED_ACCOUNTS);
    return this.page(this.filtered(qb, query.filter, now), query);
  }

  private filtered(
    qb: SelectQueryBuilder<AccountEntity>,
    filter: Partial<AccountListFilter>,
    now: Date,
  ): SelectQueryBuilder<AccountEntity> {
    if (filter.id) qb.andWhere('a.id IN (:...ids)', { ids: filter.id });
    if (filter.q) {
      const like = `%${escapeLike(filter.q)}%`;
      qb.andWhere('(a.username LIKE :like OR a.email LIKE :like OR a.display_name LIKE :like)', { like });
    }
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.policyId) qb.andWhere('a.policy_id IN (:...policyIds)', { policyIds: filter.policyId });
    if (filter.privileged !== undefined) qb.andWhere('a.privileged = :privileged', { privileged: filter.privileged });
    if (filter.expiringWithinDays !== undefined) {
      qb.andWhere('a.password_expires_at IS NOT NULL AND a.password_expires_at <= :until', {
        until: new Date(now.getTime() + filter.expiringWithinDays * 86_400_000),
      });
    }
    return qb;
  }

  private page(qb: SelectQueryBuilder<AccountEntity>, query: ListQuery<AccountListFilter>): Promise<[AccountEntity[], number]> {
    const search = query.sort.field === 'relevance' ? query.filter.q?.trim() : undefined;
    if (search) {
      // Whole matches first, then what starts with the search, then a word that does, then the rest: "ana reyes"
      // lists Ana Reyes before Hana Reyes. `=` and LIKE compare as the columns' collation does (case, accents and
      // width folded), the way the unique index on username and email does.
      const prefix = `${escapeLike(search)}%`;
      qb.orderBy(
        `CASE WHEN a.username = :search OR a.email = :search OR a.display_name = :search THEN 0
          WHEN a.username LIKE :prefix OR a.email LIKE :prefix OR a.display_name LIKE :prefix THEN 1
          WHEN a.display_name LIKE :wordPrefix THEN 2 ELSE 3 END`,
        'ASC',
      )
        .setParameters({ search, prefix, wordPrefix: `% ${prefix}` })
        .addOrderBy('a.display_name', 'ASC');
    } else {
      qb.orderBy(SORT_COLUMNS[query.sort.field] ?? 'a.username', query.sort.order);
    }
    return qb.addOrderBy('a.id', query.sort.order).skip(query.skip).take(query.take).getManyAndCount();
  }

  findById(id: number, manager?: EntityManager): Promise<AccountEntity | null> {
    return (manager?.getRepository(AccountEntity) ?? this.accounts).findOneBy({ id });
  }

  /** The account's row, locked until the transaction ends: for a write that must start from its current state. */
  findForUpdate(manager: EntityManager, id: number): Promise<AccountEntity | null> {
    return manager.getRepository(AccountEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Case-insensitive, as usernames are compared everywhere. */
  findByUsername(username: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ username: username.trim() });
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ email: email.trim() });
  }

  findByChatId(chatId: string): Promise<AccountEntity | null> {
    return this.accounts.findOneBy({ chatId });
  }

  findByIds(ids: number[]): Promise<AccountEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.accounts.findBy({ id: In(ids) });
  }

  /**
   * One keyset page, in (password_expires_at, id) order, of the accounts
   * whose password expires in [from, to) and who get reminders. Reads ride
   * the password_expires_at index.
   */
  async findExpiringPage(from: Date, to: Date, after: ExpiryCursor | null, limit: number): Promise<ExpiringAccount[]> {
    const cursor = after ? 'AND password_expires_at >= ? AND (password_expires_at > ? OR id > ?)' : '';
    const rows: Array<Record<string, unknown>> = await this.accounts.query(
      `SELECT id, username, email, display_name, policy_id, password_changed_at, password_expires_at, password_version
         FROM accounts
        WHERE password_expires_at >= ? AND password_expires_at < ? ${cursor}
          AND ${REMINDED_ACCOUNTS}
        ORDER BY password_expires_at, id
        LIMIT ?`,
      after ? [from, to, after.expiresAt, after.expiresAt, after.id, limit] : [from, to, limit],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      username: row.username as string,
      email: row.email as string,
      displayName: row.display_name as string,
      policyId: row.policy_id == null ? null : Number(row.policy_id),
      passwordChangedAt: (row.password_changed_at as Date | null) ?? null,
      passwordExpiresAt: row.password_expires_at as Date,
      passwordVersion: Number(row.password_version),
    }));
  }

  /**
   * Marks up to `limit` active accounts whose password expires before
   * `before` as expired, in the caller's transaction, and returns them. The
   * rows are locked first, so two scans at once expire (and audit) each
   * account once. Temporary passwords are left alone: they are refused once
   * past their 24 hours, and the account is not "expired" by policy.
   */
  async expireDue(manager: EntityManager, before: Date, limit: number, now: Date): Promise<ExpiredAccount[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, username, password_version, password_expires_at
         FROM accounts
        WHERE status = 'active' AND password_expires_at < ? AND must_change_password = 0
        ORDER BY password_expires_at, id
        LIMIT ?
        FOR UPDATE`,
      [before, limit],
    );
    if (rows.length === 0) return [];
    const expired = rows.map((row) => ({
      id: Number(row.id),
      username: row.username as string,
      passwordVersion: Number(row.password_version),
      passwordExpiresAt: row.password_expires_at as Date,
    }));
    await manager.query(`UPDATE accounts SET status = 'expired', updated_at = ? WHERE id IN (?)`, [
      now,
      expired.map((account) => account.id),
    ]);
    return expired;
  }

  async insert(manager: EntityManager, account: NewAccount, now: Date): Promise<AccountEntity> {
    const repository = manager.getRepository(AccountEntity);
    return repository.save(
      repository.create({ ...account, passwordVersion: 0, mustChangePassword: false, status: 'active', createdAt: now, updatedAt: now }),
    );
  }

  async update(manager: EntityManager, id: number, changes: Partial<AccountEntity>, now: Date): Promise<void> {
    await manager.getRepository(AccountEntity).update({ id }, { ...changes, updatedAt: now });
  }

  /** The newest `count` previous password hashes of an account. */
  async recentHashes(accountId: number, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const rows = await this.history.find({ where: { accountId }, order: { id: 'DESC' }, take: count, select: { passwordHash: true } });
    return rows.map((row) => row.passwordHash);
  }

  /** When each password was set, newest first (no hashes leave this method). */
  async passwordChanges(accountId: number, limit = 50): Promise<Date[]> {
    const rows = await this.history.find({ where: { accountId }, order: { id: 'DESC' }, take: limit, select: { createdAt: true } });
    return rows.map((row) => row.createdAt);
  }

  async addHistory(manager: EntityManager, accountId: number, passwordHash: string, now: Date): Promise<void> {
    await manager.getRepository(PasswordHistoryEntity).insert({ accountId, passwordHash, createdAt: now });
  }

  /**
   * Recomputes expiry for every account a policy governs after its maximum
   * age changed — in SQL, so a million accounts cost one statement.
   */
  async recomputeExpiry(manager: EntityManager, policyId: number, includeUnassigned: boolean, maxAgeDays: number): Promise<number> {
    const result: { affectedRows?: number } = await manager.query(
      `UPDATE accounts
          SET password_expires_at = IF(? = 0 OR password_changed_at IS NULL, NULL, DATE_ADD(password_changed_at, INTERVAL ? DAY))
        WHERE policy_id = ? ${includeUnassigned ? 'OR policy_id IS NULL' : ''}`,
      [maxAgeDays, maxAgeDays, policyId],
    );
    return result.affectedRows ?? 0;
  }

  /**
   * What `recomputeExpiry` would do, counted and not done: of the accounts the policy would govern (disabled ones
   * aside), those whose password it would expire by now or within a week, that are not past their expiry already.
   */
  async expiryImpact(
    policyId: number,
    includeUnassigned: boolean,
    maxAgeDays: number,
    now: Date,
  ): Promise<{ accounts: number; expireNow: number; expireWithinWeek: number }> {
    const week = new Date(now.getTime() + 7 * 86_400_000);
    const [row] = (await this.accounts.query(
      `SELECT COUNT(*) AS accounts,
              COALESCE(SUM(brought_forward AND new_expiry <= ?), 0) AS expire_now,
              COALESCE(SUM(brought_forward AND new_expiry > ? AND new_expiry <= ?), 0) AS expire_within_week
         FROM (SELECT new_expiry,
                      -- Only what the change brings forward, for passwords not expired already: an expiry it leaves
                      -- or moves later is not its doing.
                      (old_expiry IS NULL OR (old_expiry > ? AND new_expiry < old_expiry)) AS brought_forward
                 FROM (SELECT IF(? = 0 OR password_changed_at IS NULL, NULL, DATE_ADD(password_changed_at, INTERVAL ? DAY)) AS new_expiry,
                              password_expires_at AS old_expiry
                         FROM accounts
                        WHERE status <> 'disabled' AND (policy_id = ? ${includeUnassigned ? 'OR policy_id IS NULL' : ''})) proposed) governed`,
      [now, now, week, now, maxAgeDays, maxAgeDays, policyId],
    )) as Array<{ accounts: string | number; expire_now: string | number; expire_within_week: string | number }>;
    return { accounts: Number(row!.accounts), expireNow: Number(row!.expire_now), expireWithinWeek: Number(row!.expire_within_week) };
  }

  countByPolicy(manager: EntityManager, policyId: number): Promise<number> {
    return manager.getRepository(AccountEntity).countBy({ policyId });
  }
}
