/** Every queue and job name in one place; the worker refuses to start if a job name has no handler. */
export const QueueName = {
  Mail: 'mail',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const MailJobName = {
  /** Deliver one outbox row; job id `notification-<id>`. */
  SendNotification: 'send-notification',
  /** Re-queue outbox rows that are still `queued` after the sweep delay. */
  SweepOutbox: 'sweep-outbox',
} as const;
export type MailJobName = (typeof MailJobName)[keyof typeof MailJobName];

export const JobNamesByQueue: Record<QueueName, readonly string[]> = {
  [QueueName.Mail]: Object.values(MailJobName),
};
