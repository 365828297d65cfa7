import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationsService, QueuedNotificationDto, SendTestEmailDto } from '@resetdesk/mail';
import { MailCatcherService } from '@resetdesk/mail-catcher';
import { SystemInfo, SystemService } from '@resetdesk/system';

@ApiTags('system')
@Controller('system')
export class SystemController {
  constructor(
    private readonly system: SystemService,
    private readonly notifications: NotificationsService,
    private readonly mailCatcher: MailCatcherService,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Database, Redis and SMTP state, queue depths and outbox counts' })
  status() {
    return this.system.status();
  }

  @Get('info')
  @ApiOperation({ summary: 'What this instance offers the admin UI (e.g. whether the demo mailbox exists)' })
  info(): SystemInfo {
    return { mailCatcher: this.mailCatcher.enabled };
  }

  @Post('test-email')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a test email through the outbox' })
  @ApiAcceptedResponse({ type: QueuedNotificationDto })
  sendTestEmail(@Body() dto: SendTestEmailDto) {
    return this.notifications.sendTestEmail(dto);
  }
}
