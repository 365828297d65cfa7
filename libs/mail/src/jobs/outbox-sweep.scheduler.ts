import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { MailJobName, QueueName } from '@resetdesk/core';
import { Queue } from 'bullmq';

export const OUTBOX_SWEEP_EVERY_MS = 30_000;

/** Registers the repeating sweep once per deployment (a job scheduler is keyed by id, so many workers share one). */
@Injectable()
export class OutboxSweepScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Mail) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      MailJobName.SweepOutbox,
      { every: OUTBOX_SWEEP_EVERY_MS },
      { name: MailJobName.SweepOutbox, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }
}
