import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { EntityManager, Not, Repository } from 'typeorm';
import { PolicyListFilter } from './dto/policy-list.query';
import { PasswordPolicyEntity } from './password-policy.entity';
import { PolicySettings } from './presets';

const SORT_COLUMNS: Record<string, string> = { id: 'p.id', name: 'p.name', minLength: 'p.min_length', maxAgeDays: 'p.max_age_days' };

@Injectable()
export class PoliciesRepository {
  constructor(@InjectRepository(PasswordPolicyEntity) private readonly policies: Repository<PasswordPolicyEntity>) {}

  list(query: ListQuery<PolicyListFilter>): Promise<[PasswordPolicyEntity[], number]> {
    const qb = this.policies.createQueryBuilder('p');
    if (query.filter.id) qb.andWhere('p.id IN (:...ids)', { ids: query.filter.id });
    if (query.filter.q) qb.andWhere('p.name LIKE :q', { q: `%${query.filter.q.replace(/[\\%_]/g, '\\$&')}%` });
    return qb
      .orderBy(SORT_COLUMNS[query.sort.field] ?? 'p.name', query.sort.order)
      .addOrderBy('p.id', query.sort.order)
      .skip(query.skip)
      .take(query.take)
      .getManyAndCount();
  }

  findById(id: number, manager?: EntityManager): Promise<PasswordPolicyEntity | null> {
    return (manager?.getRepository(PasswordPolicyEntity) ?? this.policies).findOneBy({ id });
  }

  findAll(): Promise<PasswordPolicyEntity[]> {
    return this.policies.find({ order: { id: 'ASC' } });
  }

  findDefault(): Promise<PasswordPolicyEntity | null> {
    return this.policies.findOne({ where: { isDefault: true }, order: { id: 'ASC' } });
  }

  findByName(name: string): Promise<PasswordPolicyEntity | null> {
    return this.policies.findOneBy({ name });
  }

  async insert(manager: EntityManager, settings: PolicySettings & { isDefault: boolean }, now: Date): Promise<PasswordPolicyEntity> {
    const repository = manager.getRepository(PasswordPolicyEntity);
    return repository.save(repository.create({ ...settings, createdAt: now, updatedAt: now }));
  }

  async update(manager: EntityManager, id: number, changes: Partial<PasswordPolicyEntity>, now: Date): Promise<void> {
    await manager.getRepository(PasswordPolicyEntity).update({ id }, { ...changes, updatedAt: now });
  }

  /** Only one default: every other policy loses the flag. */
  async clearDefaultExcept(manager: EntityManager, id: number): Promise<void> {
    await manager.getRepository(PasswordPolicyEntity).update({ id: Not(id), isDefault: true }, { isDefault: false });
  }

  async delete(manager: EntityManager, id: number): Promise<void> {
    await manager.getRepository(PasswordPolicyEntity).delete({ id });
  }
}
