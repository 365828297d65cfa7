import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueueName, repeatingJob, ScheduleKeeper, SelfServiceJobName } from '@resetdesk/core';
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
    this.keeper.keep(repeatingJob(this.queue, FORGOT_SWEEP_SCHEDULER_ID, FORGOT_SWEEP_EVERY_MS, SelfServiceJobName.SweepForgotPasswordRequests));
  }
}
