import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { HolderAuthenticatorEntity } from './holder-authenticator.entity';

export type NewEnrollment = Pick<HolderAuthenticatorEntity, 'accountId' | 'secretEncrypted' | 'enrollmentTokenHash' | 'expiresAt'>;

/** Holders' authenticator apps: pending enrollments and the one active per account. */
@Injectable()
export class HolderAuthenticatorsRepository {
  constructor(@InjectRepository(HolderAuthenticatorEntity) private readonly authenticators: Repository<HolderAuthenticatorEntity>) {}

  findActive(accountId: number, manager?: EntityManager): Promise<HolderAuthenticatorEntity | null> {
    return (manager?.getRepository(HolderAuthenticatorEntity) ?? this.authenticators).findOneBy({ accountId, status: 'active' });
  }

  findPendingByToken(tokenHash: string): Promise<HolderAuthenticatorEntity | null> {
    return this.authenticators.findOneBy({ enrollmentTokenHash: tokenHash, status: 'pending' });
  }

  /** A new pending enrollment; the account's earlier pending ones lapse (one QR code works at a time). */
  async insertPending(manager: EntityManager, enrollment: NewEnrollment, now: Date): Promise<HolderAuthenticatorEntity> {
    const repository = manager.getRepository(HolderAuthenticatorEntity);
    await repository.update(
      { accountId: enrollment.accountId, status: 'pending' },
      { status: 'expired', enrollmentTokenHash: null, endedAt: now },
    );
    return repository.save(
      repository.create({
        ...enrollment,
        status: 'pending',
        confirmAttempts: 0,
        lastTimeStep: null,
        createdAt: now,
        confirmedAt: null,
        endedAt: null,
      }),
    );
  }

  /**
   * One wrong confirmation code, counted in one UPDATE (status first, so it sees the old count); the try that
   * reaches `max` ends the enrollment. The new count, or null when the enrollment was no longer pending.
   */
  async countConfirmAttempt(manager: EntityManager, id: number, max: number, now: Date): Promise<number | null> {
    const counted: { affectedRows?: number; insertId?: number } = await manager.query(
      `UPDATE account_authenticators
          SET status = IF(confirm_attempts + 1 >= ?, 'expired', status),
              ended_at = IF(confirm_attempts + 1 >= ?, ?, ended_at),
              confirm_attempts = LAST_INSERT_ID(confirm_attempts + 1)
        WHERE id = ? AND status = 'pending' AND confirm_attempts < ? AND expires_at > ?`,
      [max, max, now, id, max, now],
    );
    return counted.affectedRows ? Number(counted.insertId) : null;
  }

  /**
   * The pending enrollment becomes the account's authenticator, the accepted code's step its first used one; the
   * active one it replaces ends. False when the enrollment was no longer pending (used, lapsed, locked meanwhile).
   */
  async activate(
    manager: EntityManager,
    id: number,
    accountId: number,
    timeStep: number,
    now: Date,
  ): Promise<{ activated: boolean; replaced: boolean }> {
    const repository = manager.getRepository(HolderAuthenticatorEntity);
    const confirmed = await repository
      .createQueryBuilder()
      .update(HolderAuthenticatorEntity)
      .set({ status: 'active', confirmedAt: now, lastTimeStep: timeStep, enrollmentTokenHash: null })
      .where("id = :id AND status = 'pending' AND expires_at > :now", { id, now })
      .execute();
    if (!confirmed.affected) return { activated: false, replaced: false };
    const replaced = await repository
      .createQueryBuilder()
      .update(HolderAuthenticatorEntity)
      .set({ status: 'replaced', endedAt: now })
      .where("account_id = :accountId AND status = 'active' AND id <> :id", { accountId, id })
      .execute();
    return { activated: true, replaced: Boolean(replaced.affected) };
  }

  /** The account's active authenticator ends; false when it had none. */
  async remove(manager: EntityManager, accountId: number, now: Date): Promise<boolean> {
    const result = await manager
      .getRepository(HolderAuthenticatorEntity)
      .update({ accountId, status: 'active' }, { status: 'removed', endedAt: now });
    return Boolean(result.affected);
  }

  /**
   * Takes a code's time step for this authenticator, in one conditional UPDATE: of two tries with the same code
   * (or an older one) only the first wins, so a code read out once cannot verify twice.
   */
  async claimTimeStep(manager: EntityManager, id: number, timeStep: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(HolderAuthenticatorEntity)
      .set({ lastTimeStep: timeStep })
      .where("id = :id AND status = 'active' AND (last_time_step IS NULL OR last_time_step < :timeStep)", { id, timeStep })
      .execute();
    return Boolean(result.affected);
  }
}
