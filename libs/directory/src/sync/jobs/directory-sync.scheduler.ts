import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { directoryConfig, DirectoryConfigType, DirectoryJobName, QueueName, repeatingJob, ScheduleKeeper } from '@resetdesk/core';
import { Queue } from 'bullmq';
import {
  DIRECTORY_SYNC_JOB_OPTIONS,
  DIRECTORY_SYNC_SCHEDULER_ID,
  DIRECTORY_WRITE_SWEEP_EVERY_MS,
  DIRECTORY_WRITE_SWEEP_SCHEDULER_ID,
  DirectorySyncJobData,
} from './directory-sync-job.types';

/**
 * Keeps the sync scheduled on DIRECTORY_SYNC_SCHEDULE (UTC) when a
 * directory is configured. Every worker upserts the same scheduler id; the
 * keeper re-creates it when Redis loses it. A missed tick needs no catch-up:
 * the next run reads everything changed since the last good one.
 */
@Injectable()
export class DirectorySyncScheduler implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Directory) private readonly queue: Queue<DirectorySyncJobData>,
    private readonly keeper: ScheduleKeeper,
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
  ) {}

  private get scheduled(): boolean {
    return this.config.kind !== 'local';
  }

  onModuleInit(): void {
    if (!this.scheduled) return;
    this.keeper.keep({
      queue: this.queue,
      id: DIRECTORY_SYNC_SCHEDULER_ID,
      repeat: { pattern: this.config.syncSchedule, tz: 'UTC' },
      job: { name: DirectoryJobName.Sync, data: { trigger: 'schedule' }, opts: DIRECTORY_SYNC_JOB_OPTIONS },
    });
    this.keeper.keep(
      repeatingJob(this.queue as Queue, DIRECTORY_WRITE_SWEEP_SCHEDULER_ID, DIRECTORY_WRITE_SWEEP_EVERY_MS, DirectoryJobName.SweepWrites),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    // Back to the local store: the schedule must stop, not keep syncing a directory nobody uses.
    if (!this.scheduled) {
      await this.queue.removeJobScheduler(DIRECTORY_SYNC_SCHEDULER_ID);
      await this.queue.removeJobScheduler(DIRECTORY_WRITE_SWEEP_SCHEDULER_ID);
    }
  }
}
