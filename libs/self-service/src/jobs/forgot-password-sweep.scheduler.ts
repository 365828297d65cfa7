import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueueName, ScheduleKeeper, SelfServiceJobName } from '@resetdesk/core';
import { Queue } from 'bullmq';

export const FORGOT_SWEEP_EVERY_MS = 30_000;
export const FORGOT_SWEEP_SCHEDULER_ID = SelfServiceJobName.SweepForgotPasswordRequests;

/** The forgot-password requests' sweep, like the outbox's: one per deployment, kept alive through Redis flushes. */
@Injectable()
export class ForgotPasswordSweepScheduler implements OnModuleInit {
  constructor(
    @InjectQueue(QueueName.SelfService) private readonly queue: Queue,
    private readonly keeper: ScheduleKeeper,
  ) {}

  onModuleInit(): void {
    this.keeper.keep({
      queue: this.queue,
      id: FORGOT_SWEEP_SCHEDULER_ID,
      repeat: { every: FORGOT_SWEEP_EVERY_MS },
      job: { name: SelfServiceJobName.SweepForgotPasswordRequests, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    });
  }
}
