import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ListQuery, ListQueryParam } from '@resetdesk/core';
import { NotificationDto, NotificationListFilter, notificationListSpec, NotificationsService } from '@resetdesk/mail';
import { idPipe } from '../id.pipe';

@ApiTags('notifications')
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

  @Get(':id')
  @ApiOkResponse({ type: NotificationDto })
  get(@Param('id', idPipe) id: number) {
    return this.notifications.get(id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a failed email again' })
  @ApiOkResponse({ type: NotificationDto })
  retry(@Param('id', idPipe) id: number) {
    return this.notifications.retry(id);
  }
}

