import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_STATUSES, AccountStatus } from '@resetdesk/accounts';
import { Filters, ListSpec } from '@resetdesk/core';
import { NOTIFICATION_STATUSES } from '@resetdesk/mail';

export interface UpcomingExpiryFilter {
  withinDays: number;
  q: string;
  policyId: number[];
}

export const DEFAULT_UPCOMING_DAYS = 14;

export const upcomingExpiryListSpec: ListSpec<UpcomingExpiryFilter> = {
  resource: 'upcoming-expiries',
  sortable: ['passwordExpiresAt', 'username'],
  defaultSort: { field: 'passwordExpiresAt', order: 'ASC' },
  filters: {
    withinDays: Filters.int(0, 90, 'days'),
    q: Filters.text(),
    policyId: Filters.ids(),
  },
};

export const MILESTONE_STATES = [...NOTIFICATION_STATUSES, 'due', 'missed'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

/** One reminder day of the account's policy and where it stands for the current password. */
export class MilestoneStateDto {
  @ApiProperty({ description: 'days before expiry' }) milestone: number;
  @ApiProperty({
    enum: MILESTONE_STATES,
    description:
      'queued/sent/failed: the reminder exists; due: its day is still to come or is today; missed: its day passed without one (e.g. the password was set inside the window)',
  })
  state: MilestoneState;
  @ApiPropertyOptional({ type: Number, nullable: true }) notificationId: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'when the reminder was written' }) at: string | null;
}

/** An account whose password expires soon, with its reminders (the "Upcoming expiries" page). */
export class UpcomingExpiryDto {
  @ApiProperty({ description: 'the account id' }) id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: AccountStatus;
  @ApiProperty() policyName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) passwordChangedAt: string | null;
  @ApiProperty() passwordExpiresAt: string;
  @ApiProperty({ description: 'calendar days from today (REMINDER_TZ) to the expiry day' }) daysLeft: number;
  @ApiProperty({ type: [MilestoneStateDto] }) reminders: MilestoneStateDto[];
}
