// cron-parser is what BullMQ parses job-scheduler patterns with, so the sync's schedule is read the same way here.
import { CronExpressionParser } from 'cron-parser';
import type { DirectorySyncRunEntity } from './directory-sync-run.entity';

/** How many scheduled runs may pass without a successful sync before operators are told. */
export const MISSED_RUNS_BEFORE_DEGRADED = 3;

export interface SyncFreshnessInput {
  latest: Pick<DirectorySyncRunEntity, 'status' | 'error'> | null;
  lastSucceededAt: Date | null;
  /** DIRECTORY_SYNC_SCHEDULE, cron in UTC. */
  schedule: string;
  now: Date;
}

/**
 * Why the directory sync needs an operator's look, or null when it keeps up:
 * the latest run failed, none ever succeeded, or no run has succeeded for
 * three scheduled runs (three times the interval of a regular schedule; a
 * weekday-only schedule is not flagged over the weekend).
 */
export function syncProblem({ latest, lastSucceededAt, schedule, now }: SyncFreshnessInput): string | null {
  if (latest?.status === 'failed') return `The last directory sync failed${latest.error ? `: ${latest.error}` : ''}`;
  if (!lastSucceededAt) {
    return latest?.status === 'running'
      ? null
      : 'No directory sync has succeeded yet: run "npm run cli -- directory:sync" or wait for the schedule';
  }
  const threshold = scheduledRunBefore(schedule, now, MISSED_RUNS_BEFORE_DEGRADED);
  if (threshold && lastSucceededAt < threshold) {
    return `No directory sync has succeeded since ${lastSucceededAt.toISOString()}: ${MISSED_RUNS_BEFORE_DEGRADED} or more scheduled runs ("${schedule}") have passed`;
  }
  return null;
}

/** The `count`-th scheduled time before `now`, or null when the schedule cannot be read (the config only checks its field count). */
export function scheduledRunBefore(schedule: string, now: Date, count: number): Date | null {
  try {
    const expression = CronExpressionParser.parse(schedule, { currentDate: now, tz: 'UTC' });
    let at: Date | null = null;
    for (let i = 0; i < count; i++) at = expression.prev().toDate();
    return at;
  } catch {
    return null;
  }
}
