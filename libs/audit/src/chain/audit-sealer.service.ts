import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@resetdesk/core';
import { QueryRunner } from 'typeorm';
import { AuditChainRepository, Seal } from './audit-chain.repository';
import { chainHash, GENESIS_HASH } from './canonical';

export const SEAL_BATCH_SIZE = 500;

export interface SealResult {
  sealed: number;
  /** False when another sealer held the lock; it will seal what is pending. */
  ranAsSealer: boolean;
}

/**
 * Seals unsealed events into the chain: gapless sequence numbers and
 * hash = SHA-256(prevHash || canonical event). Only one sealer runs at a
 * time across all worker processes: a MySQL/MariaDB named lock (GET_LOCK)
 * held on this sealer's connection. Events are taken in id order as they
 * become visible; one that commits late is sealed in a later round.
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
      if (!(await this.chain.tryLockSealer(runner))) return { sealed: 0, ranAsSealer: false };
      try {
        let sealed = 0;
        for (;;) {
          const count = await this.sealBatch(runner, batchSize);
          sealed += count;
          if (count < batchSize) break;
        }
        if (sealed > 0) this.logger.debug(`Sealed ${sealed} audit event(s)`);
        return { sealed, ranAsSealer: true };
      } finally {
        await this.chain.unlockSealer(runner);
      }
    } finally {
      await runner.release();
    }
  }

  private async sealBatch(runner: QueryRunner, batchSize: number): Promise<number> {
    await runner.startTransaction('READ COMMITTED');
    try {
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
      const applied = await this.chain.applySeals(runner, seals, this.clock.now());
      if (applied !== seals.length) throw new Error(`Sealed ${applied} of ${seals.length} events; the batch is retried`);
      await runner.commitTransaction();
      return seals.length;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
}
