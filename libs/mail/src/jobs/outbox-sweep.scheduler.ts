import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { MailJobName, QueueName, repeatingJob, ScheduleKeeper } from '@resetdesk/core';
import { Queue } from 'bullmq';

export const OUTBOX_SWEEP_EVERY_MS = 30_000;
export const OUTBOX_SWEEP_SCHEDULER_ID = MailJobName.SweepOutbox;

/** The repeating sweep, one per deployment (a job scheduler is keyed by id), kept alive through Redis flushes by the keeper. */
@Injectable()
export class OutboxSweepScheduler implements OnModuleInit {
  constructor(
    @InjectQueue(QueueName.Mail) private readonly queue: Queue,
    private readonly keeper: ScheduleKeeper,
  ) {}

  onModuleInit(): void {
    this.keeper.keep(repeatingJob(this.queue, OUTBOX_SWEEP_SCHEDULER_ID, OUTBOX_SWEEP_EVERY_MS, MailJobName.SweepOutbox));
  }
}
