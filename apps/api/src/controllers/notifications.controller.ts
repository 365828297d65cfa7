import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestContext, RequestCtx, ApiSignedIn } from '@resetdesk/core';
import {
  NotificationDto,
  NotificationListFilter,
  notificationListSpec,
  NotificationsService,
  RetryAllFailedResultDto,
} from '@resetdesk/mail';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { idPipe } from '../id.pipe';

@ApiTags('notifications')
@ApiSignedIn()
@MinRole('supervisor')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Delivery log (ra-data-simple-rest list)' })
  @ApiQuery({ name: 'filter', required: false, example: '{"status":"failed"}' })
  @ApiQuery({ name: 'range', required: false, example: '[0,24]' })
  @ApiQuery({ name: 'sort', required: false, example: '["createdAt","DESC"]' })
  @ApiOkResponse({ type: [NotificationDto] })
  list(@ListQueryParam(notificationListSpec) query: ListQuery<NotificationListFilter>) {
    return this.notifications.list(query);
  }

  // Declared before `:id` routes so "retry-failed" is never read as an id.
  @Post('retry-failed')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue every failed notification again (after an outage); audited' })
  @ApiOkResponse({ type: RetryAllFailedResultDto })
  retryAllFailed(@CurrentStaff() staff: StaffPrincipal, @RequestCtx() context: RequestContext) {
    return this.notifications.retryAllFailed(staffActor(staff), context);
  }

  @Get(':id')
  @ApiOkResponse({ type: NotificationDto })
  get(@Param('id', idPipe) id: number) {
    return this.notifications.get(id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a failed email again' })
  @ApiOkResponse({ type: NotificationDto })
  retry(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.notifications.retry(staffActor(staff), id, context);
  }
}
