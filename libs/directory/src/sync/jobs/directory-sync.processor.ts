import { Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DirectoryJobName, JobRouter, QueueName } from '@resetdesk/core';
import { Job, UnrecoverableError } from 'bullmq';
import { DirectorySyncErrorCode, DirectorySyncException } from '../directory-sync.exception';
import { DirectorySyncService } from '../directory-sync.service';
import { DirectorySyncJobData } from './directory-sync-job.types';

/** Runs syncs one at a time per worker; across workers the run's lease keeps them one at a time. */
@Processor(QueueName.Directory, { concurrency: 1 })
export class DirectorySyncProcessor extends JobRouter<DirectoryJobName> {
  private readonly logger = new Logger(DirectorySyncProcessor.name);
  protected readonly queue = QueueName.Directory;
  protected readonly handlers = {
    [DirectoryJobName.Sync]: (job: Job<DirectorySyncJobData>) => this.sync(job.data),
  };

  constructor(private readonly syncs: DirectorySyncService) {
    super();
  }

  private async sync(data: DirectorySyncJobData): Promise<unknown> {
    try {
      return await this.syncs.run({ trigger: data.trigger, mode: data.mode, requestedByStaffId: data.requestedByStaffId ?? null });
    } catch (error) {
      // Another process is syncing right now: this tick has nothing left to do.
      if (error instanceof DirectorySyncException && error.code === DirectorySyncErrorCode.AlreadyRunning) {
        this.logger.log(`Directory sync skipped: ${error.message}`);
        return { skipped: error.message };
      }
      if (error instanceof DirectorySyncException) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
