import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, ApiSignedIn } from '@resetdesk/core';
import {
  ReminderRunDto,
  ReminderRunFilter,
  reminderRunListSpec,
  ReminderRunsService,
  UpcomingExpiriesService,
  UpcomingExpiryDto,
  UpcomingExpiryFilter,
  upcomingExpiryListSpec,
} from '@resetdesk/reminders';

/** Password-expiry reminders as supervisors follow them: who expires soon, and what each daily scan did. */
@ApiTags('reminders')
@ApiSignedIn()
@MinRole('supervisor')
@Controller()
export class RemindersController {
  constructor(
    private readonly upcoming: UpcomingExpiriesService,
    private readonly runs: ReminderRunsService,
  ) {}

  @Get('upcoming-expiries')
  @ApiOperation({
    summary: 'Accounts whose password expires within N days (default 14), with the state of each reminder (ra-data-simple-rest list)',
  })
  @ApiQuery({ name: 'filter', required: false, example: '{"withinDays":14}' })
  @ApiQuery({ name: 'range', required: false, example: '[0,24]' })
  @ApiQuery({ name: 'sort', required: false, example: '["passwordExpiresAt","ASC"]' })
  @ApiOkResponse({ type: [UpcomingExpiryDto] })
  listUpcoming(@ListQueryParam(upcomingExpiryListSpec) query: ListQuery<UpcomingExpiryFilter>) {
    return this.upcoming.list(query);
  }

  @Get('reminder-runs')
  @ApiOperation({ summary: 'Reminder scans, newest first: day, trigger, counts (ra-data-simple-rest list)' })
  @ApiQuery({ name: 'filter', required: false, example: '{"status":"completed"}' })
  @ApiQuery({ name: 'range', required: false, example: '[0,9]' })
  @ApiOkResponse({ type: [ReminderRunDto] })
  listRuns(@ListQueryParam(reminderRunListSpec) query: ListQuery<ReminderRunFilter>) {
    return this.runs.list(query);
  }
}
