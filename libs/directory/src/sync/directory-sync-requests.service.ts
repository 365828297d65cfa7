import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { directoryConfig, DirectoryConfigType, DirectoryJobName, ListQuery, Page, QueueName } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { DirectorySyncMode } from './directory-sync-run.entity';
import { DirectorySyncRunFilter, DirectorySyncRunsRepository } from './directory-sync-runs.repository';
import { DirectorySyncErrorCode, DirectorySyncException } from './directory-sync.exception';
import { DirectorySyncQueuedDto, DirectorySyncRunDto, directorySyncRunListSpec, toDirectorySyncRunDto } from './dto/directory-sync-run.dto';
import { DIRECTORY_SYNC_JOB_OPTIONS, DIRECTORY_SYNC_REQUEST_JOB_ID, DirectorySyncJobData } from './jobs/directory-sync-job.types';

/** The API side of syncs: an admin's request becomes a job for the worker; the run log for supervisors. */
@Injectable()
export class DirectorySyncRequestsService {
  constructor(
    @InjectQueue(QueueName.Directory) private readonly queue: Queue<DirectorySyncJobData>,
    private readonly runs: DirectorySyncRunsRepository,
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
  ) {}

  async request(staffId: number, mode?: DirectorySyncMode): Promise<DirectorySyncQueuedDto> {
    if (this.config.kind === 'local') {
      throw new DirectorySyncException(
        DirectorySyncErrorCode.NotConfigured,
        'DIRECTORY_KIND is local: accounts are managed here, there is no directory to sync from',
      );
    }
    const waiting = await this.queue.getJob(DIRECTORY_SYNC_REQUEST_JOB_ID);
    // The fixed job id makes BullMQ return the job already there instead of adding a second one.
    const job = await this.queue.add(
      DirectoryJobName.Sync,
      { trigger: 'admin', mode, requestedByStaffId: staffId },
      { ...DIRECTORY_SYNC_JOB_OPTIONS, jobId: DIRECTORY_SYNC_REQUEST_JOB_ID },
    );
    return {
      jobId: job.id ?? DIRECTORY_SYNC_REQUEST_JOB_ID,
      mode: (job.data.mode ?? null) as DirectorySyncMode | null,
      alreadyQueued: waiting !== undefined && waiting !== null,
    };
  }

  async list(query: ListQuery<DirectorySyncRunFilter>): Promise<Page<DirectorySyncRunDto>> {
    const [rows, total] = await this.runs.list(query);
    return new Page(directorySyncRunListSpec.resource, rows.map(toDirectorySyncRunDto), total, query.skip);
  }
}
