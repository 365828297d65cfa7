/** Typed payload of the `send-notification` job: only the outbox row id; the row is the source of truth. */
export interface SendNotificationJobData {
  notificationId: number;
}

export type SweepOutboxJobData = Record<string, never>;

export const MAIL_DELIVERY_ATTEMPTS = 5;

export function notificationJobId(notificationId: number): string {
  return `notification-${notificationId}`;
}
