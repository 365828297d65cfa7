import { SelfServiceJobName } from '@resetdesk/core';

/** A portal request (forgot password, contact support): only its id; the row (portal_requests) holds what was typed. */
export interface PortalRequestJobData {
  requestId: string;
}

/** The portal request sweep runs this often (its job scheduler is named after the job). */
export const PORTAL_SWEEP_EVERY_MS = 30_000;
export const PORTAL_SWEEP_SCHEDULER_ID = SelfServiceJobName.SweepForgotPasswordRequests;

/** Every portal job: retried with backoff, gone once done, failures kept a while for operators. */
export function selfServiceJobOptions(jobId: string) {
  return { jobId, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 } as const;
}
