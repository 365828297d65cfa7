import { DomainException } from '@resetdesk/core';

export const ReminderErrorCode = {
  InvalidDate: 'REMINDER_DATE_INVALID',
  FutureDate: 'REMINDER_DATE_IN_FUTURE',
} as const;
export type ReminderErrorCode = (typeof ReminderErrorCode)[keyof typeof ReminderErrorCode];

export class ReminderException extends DomainException<ReminderErrorCode> {
  protected readonly statusByCode: Record<ReminderErrorCode, number> = {
    REMINDER_DATE_INVALID: 400,
    REMINDER_DATE_IN_FUTURE: 400,
  };
}
