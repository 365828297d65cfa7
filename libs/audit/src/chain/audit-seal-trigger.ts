import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AuditJobName, QueueName, withTimeout } from '@resetdesk/core';
import { Queue } from 'bullmq';

/** Wake-ups within this window are coalesced into one (the sealer takes everything visible anyway). */
export const SEAL_TRIGGER_COALESCE_MS = 50;

/**
 * Wakes the sealer after commits. Two layers of coalescing keep bursts
 * cheap without losing a wake-up: in this process, requests within 50 ms
 * become one trailing call; in Redis, deduplication keeps at most one
 * sealing job running and one waiting, so a request during a sealing round
 * always gets one more round.
 */
@Injectable()
export class AuditSealTrigger implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealTrigger.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(@InjectQueue(QueueName.Audit) private readonly queue: Queue) {}

  request(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      // Fire and forget: wake never rejects (a failed enqueue is left to the periodic catch-up).
      void this.wake();
    }, SEAL_TRIGGER_COALESCE_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    await this.wake();
  }

  private async wake(): Promise<void> {
    try {
      await withTimeout(
        this.queue.add(
          AuditJobName.SealEvents,
          {},
          { deduplication: { id: AuditJobName.SealEvents, keepLastIfActive: true }, removeOnComplete: true, removeOnFail: 100 },
        ),
        2_000,
        'Redis did not answer in time',
      );
    } catch (error) {
      // The periodic catch-up seals it anyway.
      this.logger.warn(`Could not wake the audit sealer: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
