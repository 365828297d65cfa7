import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThan, Repository } from 'typeorm';
import { ResetTokenEntity } from './reset-token.entity';

export type NewResetLink = Pick<
  ResetTokenEntity,
  'accountId' | 'ticketId' | 'tokenHash' | 'issuedByStaffId' | 'approvedByStaffId' | 'expiresAt'
>;

/** Reset links, and the other one-time credentials a reset makes void. */
@Injectable()
export class ResetsRepository {
  constructor(@InjectRepository(ResetTokenEntity) private readonly links: Repository<ResetTokenEntity>) {}

  findById(id: number): Promise<ResetTokenEntity | null> {
    return this.links.findOneBy({ id });
  }

  findByTokenHash(tokenHash: string): Promise<ResetTokenEntity | null> {
    return this.links.findOneBy({ tokenHash });
  }

  /** The reset links issued on a ticket, oldest first, without their hashes (for the ticket's detail). */
  listForTicket(ticketId: number): Promise<ResetTokenEntity[]> {
    return this.links.find({
      where: { ticketId },
      order: { id: 'ASC' },
      select: { id: true, issuedByStaffId: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true },
    });
  }

  async issue(manager: EntityManager, link: NewResetLink, now: Date): Promise<ResetTokenEntity> {
    const repository = manager.getRepository(ResetTokenEntity);
    return repository.save(repository.create({ ...link, createdAt: now, usedAt: null, revokedAt: null }));
  }

  /** Marks the link used in one conditional UPDATE: of two uses of one link, the second gets false. */
  async claim(manager: EntityManager, id: number, now: Date): Promise<boolean> {
    const claimed = await manager
      .createQueryBuilder()
      .update(ResetTokenEntity)
      .set({ usedAt: now })
      .where('id = :id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now', { id, now })
      .execute();
    return Boolean(claimed.affected);
  }

  /** Whether the account was sent a link after this one. */
  hasNewerLink(manager: EntityManager, link: Pick<ResetTokenEntity, 'id' | 'accountId'>): Promise<boolean> {
    return manager.getRepository(ResetTokenEntity).exists({ where: { accountId: link.accountId, id: MoreThan(link.id) } });
  }

  /** Undoes `claim` (made at `claimedAt`): the link works again, or is revoked when `revoke` says a newer one replaces it. */
  async release(manager: EntityManager, id: number, claimedAt: Date, revoke: boolean): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(ResetTokenEntity)
      .set(revoke ? { revokedAt: claimedAt } : { usedAt: null })
      .where('id = :id AND used_at = :now', { id, now: claimedAt })
      .execute();
  }

  /** Unused links of an account or of one ticket stop working; returns how many. */
  async revokeUnused(manager: EntityManager, owner: { accountId: number } | { ticketId: number }, now: Date): Promise<number> {
    const [column, id] = 'accountId' in owner ? ['account_id', owner.accountId] : ['ticket_id', owner.ticketId];
    const revoked = await manager
      .createQueryBuilder()
      .update(ResetTokenEntity)
      .set({ revokedAt: now })
      .where(`${column} = :id AND used_at IS NULL AND revoked_at IS NULL`, { id })
      .execute();
    return revoked.affected ?? 0;
  }

  /**
   * The account's pending forgot-password codes stop working too. They live
   * with self-service, which depends on this lib, so plain SQL on its table
   * rather than its entity.
   */
  async supersedeSelfServiceCodes(manager: EntityManager, accountId: number): Promise<number> {
    const superseded: { affectedRows?: number } = await manager.query(
      "UPDATE self_service_codes SET status = 'superseded' WHERE account_id = ? AND status = 'pending'",
      [accountId],
    );
    return superseded.affectedRows ?? 0;
  }
}
