import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, ApiSignedIn } from '@resetdesk/core';
import {
  DirectorySyncQueuedDto,
  DirectorySyncRequestsService,
  DirectorySyncRunDto,
  DirectorySyncRunFilter,
  directorySyncRunListSpec,
  RequestDirectorySyncDto,
} from '@resetdesk/directory';
import { StaffPrincipal } from '@resetdesk/staff';

/** Accounts synced from the directory: admins ask for a sync, supervisors follow the runs. */
@ApiTags('directory')
@ApiSignedIn()
@MinRole('supervisor')
@Controller('directory')
export class DirectoryController {
  constructor(private readonly syncs: DirectorySyncRequestsService) {}

  @Post('sync')
  @MinRole('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a directory sync for the worker; a request while one is queued or running joins it' })
  @ApiAcceptedResponse({ type: DirectorySyncQueuedDto })
  @ApiConflictResponse({ description: 'DIRECTORY_KIND=local: there is no directory to sync from' })
  requestSync(@CurrentStaff() staff: StaffPrincipal, @Body() dto: RequestDirectorySyncDto) {
    return this.syncs.request(staff.id, dto.mode);
  }

  @Get('sync-runs')
  @ApiOperation({ summary: 'Directory syncs, newest first: mode, trigger, counts, error (ra-data-simple-rest list)' })
  @ApiQuery({ name: 'filter', required: false, example: '{"status":"failed"}' })
  @ApiQuery({ name: 'range', required: false, example: '[0,9]' })
  @ApiOkResponse({ type: [DirectorySyncRunDto] })
  listRuns(@ListQueryParam(directorySyncRunListSpec) query: ListQuery<DirectorySyncRunFilter>) {
    return this.syncs.list(query);
  }
}
