import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { EntityManager, In, Repository } from 'typeorm';
import { StaffListFilter } from './dto/staff-list.query';
import { StaffEntity } from './staff.entity';

const SORT_COLUMNS: Record<string, string> = {
  id: 's.id',
  email: 's.email',
  name: 's.name',
  role: 's.role',
  createdAt: 's.created_at',
  lastLoginAt: 's.last_login_at',
};

export type NewStaff = Pick<StaffEntity, 'email' | 'name' | 'role' | 'passwordHash'>;

@Injectable()
export class StaffRepository {
  constructor(@InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>) {}

  findById(id: number, manager?: EntityManager): Promise<StaffEntity | null> {
    return (manager?.getRepository(StaffEntity) ?? this.staff).findOneBy({ id });
  }

  findByEmail(email: string): Promise<StaffEntity | null> {
    return this.staff.findOneBy({ email: email.toLowerCase() });
  }

  /** Everyone who may approve and review resets: supervisors and admins who can sign in. */
  findActiveSupervisors(): Promise<StaffEntity[]> {
    return this.staff.find({ where: { role: In(['supervisor', 'admin']), disabled: false }, order: { id: 'ASC' } });
  }

  async list(query: ListQuery<StaffListFilter>): Promise<[StaffEntity[], number]> {
    const { filter } = query;
    const qb = this.staff.createQueryBuilder('s');
    if (filter.id) qb.andWhere('s.id IN (:...ids)', { ids: filter.id });
    if (filter.role) qb.andWhere('s.role = :role', { role: filter.role });
    if (filter.disabled !== undefined) qb.andWhere('s.disabled = :disabled', { disabled: filter.disabled });
    if (filter.q) qb.andWhere('(s.email LIKE :q OR s.name LIKE :q)', { q: `%${filter.q.replace(/[\\%_]/g, '\\$&')}%` });
    qb.orderBy(SORT_COLUMNS[query.sort.field] ?? 's.id', query.sort.order).addOrderBy('s.id', query.sort.order);
    return qb.skip(query.skip).take(query.take).getManyAndCount();
  }

  async insert(manager: EntityManager, row: NewStaff, now: Date): Promise<StaffEntity> {
    const entity = manager.getRepository(StaffEntity).create({
      ...row,
      email: row.email.toLowerCase(),
      passwordChangedAt: now,
      failedLogins: 0,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    });
    return manager.getRepository(StaffEntity).save(entity);
  }

  async update(manager: EntityManager, id: number, changes: Partial<StaffEntity>, now: Date): Promise<void> {
    await manager.getRepository(StaffEntity).update({ id }, { ...changes, updatedAt: now });
  }

  /**
   * Counts active admins and locks their rows until the transaction ends, so
   * two admins demoting each other at once cannot leave nobody in charge.
   */
  async countActiveAdminsForUpdate(manager: EntityManager): Promise<number> {
    const rows: unknown[] = await manager.query("SELECT id FROM staff WHERE role = 'admin' AND disabled = 0 FOR UPDATE");
    return rows.length;
  }

  /**
   * Mirrors the member-wide password failures onto the staff row (what the
   * admin UI shows and unlocks); `lockedUntil` only when the ceiling was reached.
   */
  async mirrorSignInFailures(manager: EntityManager, id: number, failures: number, lockedUntil: Date | null, now: Date): Promise<void> {
    await manager.query('UPDATE staff SET failed_logins = ?, locked_until = COALESCE(?, locked_until), updated_at = ? WHERE id = ?', [
      failures,
      lockedUntil,
      now,
      id,
    ]);
  }

  /** Accepts a TOTP time step only if it is newer than the last one used: a code can never be replayed. */
  async claimTotpStep(manager: EntityManager, id: number, step: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(StaffEntity)
      .set({ totpLastStep: step })
      .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id, step })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  findByIds(ids: number[]): Promise<StaffEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.staff.findBy({ id: In(ids) });
  }
}
