/** A forgot-password request, looked up by the worker so the API answers the same for every address. */
export interface ForgotPasswordJobData {
  requestId: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/** A contact-support request; the worker opens a ticket only if the address belongs to an account. */
export interface SupportTicketJobData {
  requestId: string;
  email: string;
  subject: string;
  description: string;
  ip: string | null;
  userAgent: string | null;
}

export const SELF_SERVICE_JOB_ATTEMPTS = 5;
