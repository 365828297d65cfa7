import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { countFailedAttempt } from '@resetdesk/core';
import { EntityManager, MoreThanOrEqual, Repository } from 'typeorm';
import { SelfServiceCodeEntity } from './self-service-code.entity';

export type NewSelfServiceCode = Pick<SelfServiceCodeEntity, 'accountId' | 'requestId' | 'codeHash' | 'createdAt' | 'expiresAt'>;

/** The self-service codes: one per forgot-password request, the newest open one per account. */
@Injectable()
export class SelfServiceCodeRepository {
  constructor(@InjectRepository(SelfServiceCodeEntity) private readonly codes: Repository<SelfServiceCodeEntity>) {}

  countIssuedSince(accountId: number, since: Date): Promise<number> {
    return this.codes.countBy({ accountId, createdAt: MoreThanOrEqual(since) });
  }

  findById(id: number): Promise<SelfServiceCodeEntity | null> {
    return this.codes.findOneBy({ id });
  }

  /** The account's newest code, whatever its status (only it can be the open one). */
  findLatest(accountId: number): Promise<SelfServiceCodeEntity | null> {
    return this.codes.findOne({ where: { accountId }, order: { id: 'DESC' } });
  }

  /**
   * A pending code for a request, once: the request id is unique, so a job
   * run twice inserts nothing the second time. The new id, or null then.
   */
  async insertForRequest(manager: EntityManager, code: NewSelfServiceCode): Promise<number | null> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(SelfServiceCodeEntity)
      .values({ ...code, status: 'pending', attempts: 0, usedAt: null })
      .orIgnore()
      .updateEntity(false)
      .execute();
    const raw = inserted.raw as { affectedRows?: number; insertId?: number };
    return raw.affectedRows ? Number(raw.insertId) : null;
  }

  /** The newest code replaces any earlier pending one of the account. */
  async supersedeOthers(manager: EntityManager, accountId: number, newestId: number): Promise<void> {
    await manager.query("UPDATE self_service_codes SET status = 'superseded' WHERE account_id = ? AND status = 'pending' AND id <> ?", [
      accountId,
      newestId,
    ]);
  }

  /** Spends a code still pending, untried out and unexpired; false when another use won it (it waits on the row). */
  async claim(manager: EntityManager, id: number, now: Date, maxTries: number): Promise<boolean> {
    const claimed: { affectedRows?: number } = await manager.query(
      "UPDATE self_service_codes SET status = 'used', used_at = ? WHERE id = ? AND status = 'pending' AND attempts < ? AND expires_at > ?",
      [now, id, maxTries, now],
    );
    return Boolean(claimed.affectedRows);
  }

  /**
   * Gives back a code claimed at `claimedAt` whose use failed: pending again,
   * or superseded when a newer code of the account was sent meanwhile.
   */
  async releaseClaim(manager: EntityManager, accountId: number, id: number, claimedAt: Date): Promise<void> {
    const [newer] = await manager.query('SELECT id FROM self_service_codes WHERE account_id = ? AND id > ? LIMIT 1', [accountId, id]);
    await manager.query(
      `UPDATE self_service_codes SET ${newer ? "status = 'superseded'" : "status = 'pending', used_at = NULL"} WHERE id = ? AND status = 'used' AND used_at = ?`,
      [id, claimedAt],
    );
  }

  /** Counts a wrong try atomically (the last allowed one locks the code); the new count, or null when the code was not countable. */
  countWrongTry(manager: EntityManager, id: number, maxTries: number): Promise<number | null> {
    return countFailedAttempt(manager, 'self_service_codes', id, maxTries);
  }
}
