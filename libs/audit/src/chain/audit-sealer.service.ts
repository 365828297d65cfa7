import { Injectable, Logger } from '@nestjs/common';
import { Clock, isDeadlock, retryOnDeadlock } from '@resetdesk/core';
import { QueryRunner } from 'typeorm';
import { AuditChainRepository, Seal } from './audit-chain.repository';
import { chainHash, GENESIS_HASH } from './canonical';

export const SEAL_BATCH_SIZE = 500;
// A batch that lost the head (1213: another node's sealer committed first, or a deadlock here) runs again a few
// times; still losing means another sealer is busy sealing, and the work is left to it.
const SEAL_TRIES = 3;
const SEAL_RETRY_BACKOFF_MS = 25;

export interface SealResult {
  sealed: number;
  /** False when another sealer held the head; it will seal what is pending. */
  ranAsSealer: boolean;
}

/**
 * Seals unsealed events into the chain: gapless sequence numbers and
 * hash = SHA-256(prevHash || canonical event). Each batch is one transaction
 * that locks the chain-head row, reads the head, seals and writes the new
 * head to that row: on one server the lock keeps sealers apart; on a cluster
 * (Galera, Group Replication) the write to the one row makes the second of
 * two concurrent batches fail certification, and it runs again on the new
 * head. Events are taken in id order as they become visible; one that commits
 * late is sealed in a later round.
 */
@Injectable()
export class AuditSealer {
  private readonly logger = new Logger(AuditSealer.name);

  constructor(
    private readonly chain: AuditChainRepository,
    private readonly clock: Clock,
  ) {}

  async sealPending(batchSize = SEAL_BATCH_SIZE): Promise<SealResult> {
    const runner = await this.chain.connect();
    try {
      let sealed = 0;
      for (;;) {
        const count = await retryOnDeadlock(() => this.sealBatch(runner, batchSize), SEAL_TRIES, SEAL_RETRY_BACKOFF_MS).catch(
          (error: unknown) => {
            if (isDeadlock(error)) return null;
            throw error;
          },
        );
        // Another sealer holds the head, here or on another node: it seals the rest (and later commits wake one).
        if (count === null) return { sealed, ranAsSealer: false };
        sealed += count;
        if (count < batchSize) break;
      }
      if (sealed > 0) this.logger.debug(`Sealed ${sealed} audit event(s)`);
      return { sealed, ranAsSealer: true };
    } finally {
      await runner.release();
    }
  }

  /** One batch in one transaction; null when another sealer holds the head. */
  private async sealBatch(runner: QueryRunner, batchSize: number): Promise<number | null> {
    await runner.startTransaction('READ COMMITTED');
    try {
      if (!(await this.chain.lockHead(runner))) {
        await runner.rollbackTransaction();
        return null;
      }
      const head = await this.chain.head(runner);
      const events = await this.chain.unsealed(runner, batchSize);
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const seals: Seal[] = events.map((event) => {
        seq += 1;
        const hash = chainHash(prevHash, event);
        const seal = { id: event.id, seq, prevHash, hash };
        prevHash = hash;
        return seal;
      });
      const sealedAt = this.clock.now();
      const applied = await this.chain.applySeals(runner, seals, sealedAt);
      if (applied !== seals.length) throw new Error(`Sealed ${applied} of ${seals.length} events; the batch is retried`);
      const newHead = seals.at(-1);
      if (newHead) await this.chain.moveHead(runner, newHead, sealedAt);
      await runner.commitTransaction();
      return seals.length;
    } catch (error) {
      await this.rollBack(runner);
      throw error;
    }
  }

  /**
   * Galera may answer the ROLLBACK of a transaction it aborted (a certification conflict) with the abort's error
   * again; the next ROLLBACK succeeds. Until one does, TypeORM counts the transaction as open, and the retried
   * batch would go into a savepoint of a transaction the server no longer has — in autocommit, unlocked.
   */
  private async rollBack(runner: QueryRunner): Promise<void> {
    for (let attempt = 1; runner.isTransactionActive && attempt <= 3; attempt++) {
      await runner.rollbackTransaction().catch((error: unknown) => {
        if (attempt === 3) throw error;
      });
    }
  }
}
