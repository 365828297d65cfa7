import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, MoreThanOrEqual, Repository } from 'typeorm';
import { PersonalEmailConfirmationEntity } from './personal-email-confirmation.entity';

export type NewConfirmation = Pick<PersonalEmailConfirmationEntity, 'accountId' | 'email' | 'tokenHash' | 'codeHash' | 'expiresAt'>;

/** Codes sent to addresses holders asked to put on record; one pending per account at a time. */
@Injectable()
export class PersonalEmailConfirmationsRepository {
  constructor(
    @InjectRepository(PersonalEmailConfirmationEntity) private readonly confirmations: Repository<PersonalEmailConfirmationEntity>,
  ) {}

  findPendingByToken(tokenHash: string): Promise<PersonalEmailConfirmationEntity | null> {
    return this.confirmations.findOneBy({ tokenHash, status: 'pending' });
  }

  /** Codes sent for the account since `since`, confirmed or not: the hourly cap counts every one. */
  countSentSince(accountId: number, since: Date): Promise<number> {
    return this.confirmations.countBy({ accountId, createdAt: MoreThanOrEqual(since) });
  }

  /** A new pending confirmation; the account's earlier pending one lapses (the newest code is the one that works). */
  async insertPending(manager: EntityManager, confirmation: NewConfirmation, now: Date): Promise<PersonalEmailConfirmationEntity> {
    const repository = manager.getRepository(PersonalEmailConfirmationEntity);
    await repository.update({ accountId: confirmation.accountId, status: 'pending' }, { status: 'lapsed', tokenHash: null, endedAt: now });
    return repository.save(repository.create({ ...confirmation, status: 'pending', attempts: 0, createdAt: now, endedAt: null }));
  }

  /**
   * One wrong code, counted in one UPDATE (status first, so it sees the old count); the try that reaches `max` ends
   * the confirmation. The new count, or null when it was no longer pending.
   */
  async countAttempt(manager: EntityManager, id: number, max: number, now: Date): Promise<number | null> {
    const counted: { affectedRows?: number; insertId?: number } = await manager.query(
      `UPDATE personal_email_confirmations
          SET status = IF(attempts + 1 >= ?, 'lapsed', status),
              token_hash = IF(attempts + 1 >= ?, NULL, token_hash),
              ended_at = IF(attempts + 1 >= ?, ?, ended_at),
              attempts = LAST_INSERT_ID(attempts + 1)
        WHERE id = ? AND status = 'pending' AND attempts < ? AND expires_at > ?`,
      [max, max, max, now, id, max, now],
    );
    return counted.affectedRows ? Number(counted.insertId) : null;
  }

  /** The right code: the confirmation ends confirmed. False when another try ended it first (or it lapsed). */
  async markConfirmed(manager: EntityManager, id: number, max: number, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(PersonalEmailConfirmationEntity)
      .set({ status: 'confirmed', tokenHash: null, endedAt: now })
      .where("id = :id AND status = 'pending' AND attempts < :max AND expires_at > :now", { id, max, now })
      .execute();
    return Boolean(result.affected);
  }

  /** Ends what is pending for an account whose personal email just changed another way. */
  async lapsePending(manager: EntityManager, accountId: number, now: Date): Promise<void> {
    await manager
      .getRepository(PersonalEmailConfirmationEntity)
      .update({ accountId, status: 'pending' }, { status: 'lapsed', tokenHash: null, endedAt: now });
  }
}
