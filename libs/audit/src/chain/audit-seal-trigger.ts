import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { AuditJobName, QueueName } from '@resetdesk/core';
import { Queue } from 'bullmq';

/**
 * Wakes the sealer. Deduplicated so bursts coalesce: at most one sealing job
 * runs and one waits; a request that arrives while sealing runs schedules
 * exactly one more round, so no committed event waits for the periodic catch-up.
 */
@Injectable()
export class AuditSealTrigger {
  private readonly logger = new Logger(AuditSealTrigger.name);

  constructor(@InjectQueue(QueueName.Audit) private readonly queue: Queue) {}

  async request(): Promise<void> {
    try {
      await this.queue.add(
        AuditJobName.SealEvents,
        {},
        { deduplication: { id: AuditJobName.SealEvents, keepLastIfActive: true }, removeOnComplete: true, removeOnFail: 100 },
      );
    } catch (error) {
      // The periodic catch-up seals it anyway.
      this.logger.warn(`Could not wake the audit sealer: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
