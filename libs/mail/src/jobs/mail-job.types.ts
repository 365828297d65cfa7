import { MailJobName } from '@resetdesk/core';
import type { MinimalJob } from 'bullmq';

/** Typed payload of the `send-notification` job: the outbox row id (the row is the source of truth) and the retry cap. */
export interface SendNotificationJobData {
  notificationId: number;
  /** Cap of the capped exponential backoff (MAIL_RETRY_MAX_DELAY_MS when the job was queued). */
  retryMaxDelayMs?: number;
}

export type SweepOutboxJobData = Record<string, never>;

/** The outbox sweep runs this often (its job scheduler is named after the job). */
export const OUTBOX_SWEEP_EVERY_MS = 30_000;
export const OUTBOX_SWEEP_SCHEDULER_ID = MailJobName.SweepOutbox;

export function notificationJobId(notificationId: number): string {
  return `notification-${notificationId}`;
}

/** BullMQ backoff type of delivery jobs: doubles from MAIL_RETRY_BACKOFF_MS, never beyond MAIL_RETRY_MAX_DELAY_MS. */
export const CAPPED_EXPONENTIAL = 'capped-exponential';

/** Delay before retry number `attemptsMade` (1 = the first retry). */
export function cappedExponentialDelay(attemptsMade: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * The worker's custom backoff strategy (BullMQ has no cap on its own
 * exponential one). The cap travels in the job data because the strategy is
 * registered statically on the processor.
 */
export function mailBackoffStrategy(attemptsMade: number, _type?: string, _error?: Error, job?: MinimalJob): number {
  const base = job?.opts.backoff && typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? 0) : 0;
  const cap = (job?.data as SendNotificationJobData | undefined)?.retryMaxDelayMs ?? Number.MAX_SAFE_INTEGER;
  return cappedExponentialDelay(attemptsMade, base, cap);
}
