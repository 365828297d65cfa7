import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { countFailedAttempt } from '@resetdesk/core';
import { EntityManager, MoreThanOrEqual, Repository } from 'typeorm';
import { VerificationChallengeEntity } from './verification-challenge.entity';

export type NewChallenge = Pick<
  VerificationChallengeEntity,
  'ticketId' | 'accountId' | 'channel' | 'codeHash' | 'issuedByStaffId' | 'expiresAt'
>;

/** The codes sent to account holders for their tickets. */
@Injectable()
export class VerificationRepository {
  constructor(@InjectRepository(VerificationChallengeEntity) private readonly challenges: Repository<VerificationChallengeEntity>) {}

  findById(id: number): Promise<VerificationChallengeEntity | null> {
    return this.challenges.findOneBy({ id });
  }

  /**
   * Wrong tries on the account's codes since `since`, on every ticket: a locked code counts its five, a code
   * replaced or expired after wrong tries counts those (a code that verified the caller counts none).
   */
  async wrongTriesSince(accountId: number, since: Date, manager?: EntityManager): Promise<number> {
    const row = await (manager?.getRepository(VerificationChallengeEntity) ?? this.challenges)
      .createQueryBuilder('challenge')
      .select('COALESCE(SUM(challenge.attempts), 0)', 'tries')
      .where('challenge.account_id = :accountId AND challenge.created_at >= :since', { accountId, since })
      .andWhere("challenge.status IN ('pending', 'locked', 'superseded', 'expired')")
      .getRawOne<{ tries: string | number }>();
    return Number(row?.tries ?? 0);
  }

  /** Whether any code was ever sent for the ticket, read in the caller's transaction. */
  async anySentForTicket(manager: EntityManager, ticketId: number): Promise<boolean> {
    return (await manager.getRepository(VerificationChallengeEntity).countBy({ ticketId })) > 0;
  }

  /** The codes sent for a ticket, oldest first, without their hashes (for the ticket's detail). */
  listForTicket(ticketId: number): Promise<VerificationChallengeEntity[]> {
    return this.challenges.find({
      where: { ticketId },
      order: { id: 'ASC' },
      select: { id: true, channel: true, status: true, attempts: true, createdAt: true, expiresAt: true, verifiedAt: true },
    });
  }

  /** Every code of a ticket, newest first (a handful: the resend cooldown and the hourly limit keep it short). */
  issuedForTicket(ticketId: number): Promise<VerificationChallengeEntity[]> {
    return this.challenges.find({ where: { ticketId }, order: { id: 'DESC' } });
  }

  latestForTicket(ticketId: number): Promise<VerificationChallengeEntity | null> {
    return this.challenges.findOne({ where: { ticketId }, order: { id: 'DESC' } });
  }

  /** The code that verified the caller of a ticket most recently, if any. */
  latestVerified(ticketId: number): Promise<VerificationChallengeEntity | null> {
    return this.challenges.findOne({ where: { ticketId, status: 'verified' }, order: { id: 'DESC' } });
  }

  countSentSince(accountId: number, since: Date): Promise<number> {
    return this.challenges.countBy({ accountId, createdAt: MoreThanOrEqual(since) });
  }

  /** A new pending code; every code still pending on the same ticket is superseded by it. */
  async issue(manager: EntityManager, challenge: NewChallenge, now: Date): Promise<VerificationChallengeEntity> {
    const repository = manager.getRepository(VerificationChallengeEntity);
    await repository.update({ ticketId: challenge.ticketId, status: 'pending' }, { status: 'superseded' });
    return repository.save(repository.create({ ...challenge, status: 'pending', attempts: 0, createdAt: now, verifiedAt: null }));
  }

  /** A pending code past its time becomes expired (unless something else closed it first). */
  async markExpired(id: number): Promise<void> {
    await this.challenges.update({ id, status: 'pending' }, { status: 'expired' });
  }

  /**
   * The right code, entered by `staffId`: one conditional UPDATE, so of a
   * right and a locking wrong try at the same time only one counts. False
   * when the code was locked, expired or used in between.
   */
  async markVerified(manager: EntityManager, id: number, staffId: number, maxAttempts: number, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(VerificationChallengeEntity)
      .set({ status: 'verified', verifiedAt: now, verifiedByStaffId: staffId })
      .where('id = :id AND status = :pending AND attempts < :max AND expires_at > :now', { id, pending: 'pending', max: maxAttempts, now })
      .execute();
    return Boolean(result.affected);
  }

  /** One wrong try, counted atomically; the new count, or null when the code was no longer countable. */
  countFailedAttempt(manager: EntityManager, id: number, maxAttempts: number): Promise<number | null> {
    return countFailedAttempt(manager, manager.getRepository(VerificationChallengeEntity).metadata.tableName, id, maxAttempts);
  }

  /** Pending codes of an account or of one ticket stop working; returns how many. */
  async supersedePending(manager: EntityManager, owner: { accountId: number } | { ticketId: number }): Promise<number> {
    return (
      (await manager.getRepository(VerificationChallengeEntity).update({ ...owner, status: 'pending' }, { status: 'superseded' }))
        .affected ?? 0
    );
  }
}
