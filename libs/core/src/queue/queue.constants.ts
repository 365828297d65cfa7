/** Every queue and job name in one place; the worker refuses to start if a job name has no handler. */
export const QueueName = {
  Mail: 'mail',
  Audit: 'audit',
  SelfService: 'self-service',
  Reminders: 'reminders',
  Directory: 'directory',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const MailJobName = {
  /** Deliver one outbox row; job id `notification-<id>`. */
  SendNotification: 'send-notification',
  /** Re-queue outbox rows that are still `queued` after the sweep delay. */
  SweepOutbox: 'sweep-outbox',
} as const;
export type MailJobName = (typeof MailJobName)[keyof typeof MailJobName];

export const AuditJobName = {
  /** Seal every visible unsealed event into the hash chain (one sealer at a time, by database lock). */
  SealEvents: 'seal-events',
  /** Recompute the whole chain and record the result (daily). */
  VerifyChain: 'verify-chain',
} as const;
export type AuditJobName = (typeof AuditJobName)[keyof typeof AuditJobName];

export const SelfServiceJobName = {
  /** Look up the address of a forgot-password request and email a code if an account uses it. */
  SendForgotPasswordCode: 'send-forgot-password-code',
  /** Open a portal ticket for a contact-support request if the address belongs to an account. */
  OpenSupportTicket: 'open-support-ticket',
  /**
   * Re-queue portal requests (forgot password, contact support) whose job was lost (still `queued` after the sweep
   * delay). The name predates contact-support rows; deployed job schedulers carry it.
   */
  SweepForgotPasswordRequests: 'sweep-forgot-password-requests',
} as const;
export type SelfServiceJobName = (typeof SelfServiceJobName)[keyof typeof SelfServiceJobName];

export const ReminderJobName = {
  /** Queue due password-expiry reminders and expire passwords whose day has come (daily, and on demand). */
  RunScan: 'run-reminder-scan',
} as const;
export type ReminderJobName = (typeof ReminderJobName)[keyof typeof ReminderJobName];

export const DirectoryJobName = {
  /** Sync accounts from the directory (scheduled, or an admin's request; job id `directory-sync-requested`). */
  Sync: 'directory-sync',
  /** Audit directory writes a dead process left without a recorded outcome (every minute). */
  SweepWrites: 'sweep-directory-writes',
} as const;
export type DirectoryJobName = (typeof DirectoryJobName)[keyof typeof DirectoryJobName];

export const JobNamesByQueue: Record<QueueName, readonly string[]> = {
  [QueueName.Mail]: Object.values(MailJobName),
  [QueueName.Audit]: Object.values(AuditJobName),
  [QueueName.SelfService]: Object.values(SelfServiceJobName),
  [QueueName.Reminders]: Object.values(ReminderJobName),
  [QueueName.Directory]: Object.values(DirectoryJobName),
};

/**
 * Worker settings for queues a person waits on (emails, portal requests). A
 * job whose move to active was lost in a Redis failover sits "active" with
 * nobody working it until its lock runs out and the stalled check sees it:
 * BullMQ's 30 s + 30 s meant a minute's wait for a reset code; 10 s + 5 s
 * bound it to 15 s. The lock is renewed every 5 s while a job runs, and
 * a job wrongly thought stalled is harmless: sending is idempotent per row.
 */
export const PROMPT_STALL_RECOVERY = { lockDuration: 10_000, stalledInterval: 5_000 } as const;
