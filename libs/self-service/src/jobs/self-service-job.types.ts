import { SelfServiceJobName } from '@resetdesk/core';

/** A forgot-password request: only its id; the row (forgot_password_requests) holds the address. */
export interface ForgotPasswordJobData {
  requestId: string;
}

/** The forgot-password sweep runs this often (its job scheduler is named after the job). */
export const FORGOT_SWEEP_EVERY_MS = 30_000;
export const FORGOT_SWEEP_SCHEDULER_ID = SelfServiceJobName.SweepForgotPasswordRequests;

/** A contact-support request; the worker opens a ticket only if the address belongs to an account. */
export interface SupportTicketJobData {
  requestId: string;
  email: string;
  subject: string;
  description: string;
  ip: string | null;
  userAgent: string | null;
}

/** Every portal job: retried with backoff, gone once done, failures kept a while for operators. */
export function selfServiceJobOptions(jobId: string) {
  return { jobId, attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 } as const;
}
