import { DirectorySyncMode, DirectorySyncTrigger } from '../directory-sync-run.entity';

/** A sync job: the scheduled one carries only its trigger; an admin's names who asked and, maybe, the mode. */
export interface DirectorySyncJobData {
  trigger: Exclude<DirectorySyncTrigger, 'cli'>;
  mode?: DirectorySyncMode;
  requestedByStaffId?: number;
}

/** The schedule's id: one per deployment, however many workers keep it. */
export const DIRECTORY_SYNC_SCHEDULER_ID = 'directory-sync';
/** An admin's request: one job at a time, so a double click (or two admins) queues one sync. */
export const DIRECTORY_SYNC_REQUEST_JOB_ID = 'directory-sync-requested';

/** Not retried: a failed run is recorded and audited, and the next one (scheduled or asked for) starts from the last good cursor. The job id is freed at once so the next request is accepted. */
export const DIRECTORY_SYNC_JOB_OPTIONS = { attempts: 1, removeOnComplete: true, removeOnFail: true } as const;
