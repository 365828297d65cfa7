import { SelfServiceJobName } from '@resetdesk/core';

/** A portal request (forgot password, contact support): only its id; the row (portal_requests) holds what was typed. */
export interface PortalRequestJobData {
  requestId: string;
}

/** The portal request sweep runs this often (its job scheduler is named after the job). */
export const PORTAL_SWEEP_EVERY_MS = 30_000;
export const PORTAL_SWEEP_SCHEDULER_ID = SelfServiceJobName.SweepForgotPasswordRequests;

/**
 * Every portal job: retried with backoff and gone once done — or once it gave up, so that the sweeper, which re-adds
 * jobs by the same id, can queue the request again (BullMQ ignores an add while a failed job keeps the id). The row
 * is the record of what happened.
 */
export function selfServiceJobOptions(jobId: string) {
  return { jobId, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: true } as const;
}
