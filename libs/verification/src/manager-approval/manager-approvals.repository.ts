import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThanOrEqual, Repository } from 'typeorm';
import { ManagerApprovalEntity } from './manager-approval.entity';

export type NewManagerApproval = Pick<
  ManagerApprovalEntity,
  'ticketId' | 'accountId' | 'managerAccountId' | 'requestedByStaffId' | 'tokenHash' | 'expiresAt'
>;

/** Managers' approvals of callers, per ticket. */
@Injectable()
export class ManagerApprovalsRepository {
  constructor(@InjectRepository(ManagerApprovalEntity) private readonly approvals: Repository<ManagerApprovalEntity>) {}

  latestForTicket(ticketId: number, manager?: EntityManager): Promise<ManagerApprovalEntity | null> {
    return (manager?.getRepository(ManagerApprovalEntity) ?? this.approvals).findOne({ where: { ticketId }, order: { id: 'DESC' } });
  }

  findByToken(tokenHash: string): Promise<ManagerApprovalEntity | null> {
    return this.approvals.findOneBy({ tokenHash });
  }

  /** Approvals asked for the account since `since`: managers are not to be asked again and again. */
  countForAccountSince(accountId: number, since: Date): Promise<number> {
    return this.approvals.countBy({ accountId, createdAt: MoreThanOrEqual(since) });
  }

  async insert(manager: EntityManager, approval: NewManagerApproval, now: Date): Promise<ManagerApprovalEntity> {
    const repository = manager.getRepository(ManagerApprovalEntity);
    return repository.save(repository.create({ ...approval, status: 'pending', createdAt: now, decidedAt: null }));
  }

  /**
   * The manager's answer, in one conditional UPDATE: of an Approve and a Deny (or two clicks) at once exactly one
   * lands. False when the approval was no longer pending or had expired.
   */
  async decide(manager: EntityManager, id: number, status: 'approved' | 'denied', now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ManagerApprovalEntity)
      .set({ status, tokenHash: null, decidedAt: now })
      .where("id = :id AND status = 'pending' AND expires_at > :now", { id, now })
      .execute();
    return Boolean(result.affected);
  }

  /** Pending approvals of a ticket end (it finished, or its account changed): their links stop working. */
  async expirePending(manager: EntityManager, ticketId: number, now: Date): Promise<number> {
    const result = await manager
      .getRepository(ManagerApprovalEntity)
      .update({ ticketId, status: 'pending' }, { status: 'expired', tokenHash: null, decidedAt: now });
    return result.affected ?? 0;
  }
}
