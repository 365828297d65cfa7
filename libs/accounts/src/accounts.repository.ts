import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { EntityManager, In, Repository } from 'typeorm';
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

export type NewAccount = Pick<AccountEntity, 'username' | 'email' | 'displayName' | 'chatId' | 'privileged' | 'policyId'>;

@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(AccountEntity) private readonly accounts: Repository<AccountEntity>,
    @InjectRepository(PasswordHistoryEntity) private readonly history: Repository<PasswordHistoryEntity>,
  ) {}

  list(query: ListQuery<AccountListFilter>, now: Date): Promise<[AccountEntity[], number]> {
    const { filter } = query;
    const qb = this.accounts.createQueryBuilder('a');
    if (filter.id) qb.andWhere('a.id IN (:...ids)', { ids: filter.id });
    if (filter.q) {
      const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
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
    return qb
      .orderBy(SORT_COLUMNS[query.sort.field] ?? 'a.username', query.sort.order)
      .addOrderBy('a.id', query.sort.order)
      .skip(query.skip)
      .take(query.take)
      .getManyAndCount();
  }

  findById(id: number, manager?: EntityManager): Promise<AccountEntity | null> {
    return (manager?.getRepository(AccountEntity) ?? this.accounts).findOneBy({ id });
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

  async insert(manager: EntityManager, account: NewAccount, now: Date): Promise<AccountEntity> {
    const repository = manager.getRepository(AccountEntity);
    return repository.save(repository.create({ ...account, passwordVersion: 0, mustChangePassword: false, status: 'active', createdAt: now, updatedAt: now }));
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

  countByPolicy(manager: EntityManager, policyId: number): Promise<number> {
    return manager.getRepository(AccountEntity).countBy({ policyId });
  }
}
