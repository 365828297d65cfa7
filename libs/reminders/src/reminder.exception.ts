import { DomainException } from '@resetdesk/core';

export const ReminderErrorCode = {
  /** The scan date is not a real day written as YYYY-MM-DD. */
  InvalidDate: 'REMINDER_DATE_INVALID',
  /** A reminder scan cannot be run for a day that has not come yet. */
  FutureDate: 'REMINDER_DATE_IN_FUTURE',
} as const;
export type ReminderErrorCode = (typeof ReminderErrorCode)[keyof typeof ReminderErrorCode];

export class ReminderException extends DomainException<ReminderErrorCode> {
  protected readonly statusByCode: Record<ReminderErrorCode, number> = {
    REMINDER_DATE_INVALID: 400,
    REMINDER_DATE_IN_FUTURE: 400,
  };
}
