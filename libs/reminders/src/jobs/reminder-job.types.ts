import { ReminderRunTrigger } from '../reminder-run.entity';

/** A scan job: the daily scheduled one has no date (today in REMINDER_TZ); a catch-up names its day. */
export interface ReminderScanJobData {
  trigger: Exclude<ReminderRunTrigger, 'cli'>;
  date?: string;
}

/** The daily scheduler's id: one per deployment, however many workers upsert it. */
export const REMINDER_SCHEDULER_ID = 'daily-reminder-scan';

/** Scans are idempotent, so a failed one (database away) is simply tried again a little later. */
export const REMINDER_SCAN_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 60_000 },
  removeOnComplete: 100,
  removeOnFail: 100,
} as const;
