import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Filters, ListSpec } from '@resetdesk/core';
import { REMINDER_RUN_TRIGGERS, ReminderRunEntity, ReminderRunStatus, ReminderRunTrigger } from '../reminder-run.entity';

const RUN_STATUSES = ['running', 'completed', 'failed'] as const;

export interface ReminderRunFilter {
  status: ReminderRunStatus;
  triggeredBy: ReminderRunTrigger;
}

export const reminderRunListSpec: ListSpec<ReminderRunFilter> = {
  resource: 'reminder-runs',
  sortable: ['id'],
  defaultSort: { field: 'id', order: 'DESC' },
  filters: { status: Filters.oneOf(RUN_STATUSES), triggeredBy: Filters.oneOf(REMINDER_RUN_TRIGGERS) },
};

/** One reminder scan as supervisors see it. */
export class ReminderRunDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-11-26', description: 'the day it scanned for, in timeZone' }) runDate: string;
  @ApiProperty({ example: 'UTC' }) timeZone: string;
  @ApiProperty({ enum: REMINDER_RUN_TRIGGERS }) triggeredBy: ReminderRunTrigger;
  @ApiProperty({ enum: RUN_STATUSES }) status: ReminderRunStatus;
  @ApiProperty({ description: 'days since the last completed scan that this one covered' }) catchUpDays: number;
  @ApiProperty() scanned: number;
  @ApiProperty() queued: number;
  @ApiProperty({ description: 'reminders an earlier or concurrent scan had already written' }) duplicates: number;
  @ApiProperty() expired: number;
  @ApiPropertyOptional({ type: String, nullable: true }) error: string | null;
  @ApiProperty() startedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) finishedAt: string | null;
}

export function toReminderRunDto(run: ReminderRunEntity): ReminderRunDto {
  return { ...run, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null };
}
