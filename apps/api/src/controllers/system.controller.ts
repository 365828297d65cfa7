import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ChatTransport } from '@resetdesk/chat';
import { RequestContext, RequestCtx, ApiSignedIn } from '@resetdesk/core';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { NotificationsService, QueuedNotificationDto, SendTestEmailDto } from '@resetdesk/mail';
import { MailCatcherService } from '@resetdesk/mail-catcher';
import { SystemInfo, SystemService } from '@resetdesk/system';

@ApiTags('system')
@ApiSignedIn()
@MinRole('supervisor')
@Controller('system')
export class SystemController {
  constructor(
    private readonly system: SystemService,
    private readonly notifications: NotificationsService,
    private readonly mailCatcher: MailCatcherService,
    private readonly chat: ChatTransport,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Database, Redis and SMTP state, queue depths and outbox counts' })
  status() {
    return this.system.status();
  }

  @Get('info')
  @MinRole('verifier')
  @ApiOperation({ summary: 'What this instance offers the admin UI (whether the demo mailbox exists, whether codes can go by chat)' })
  info(): SystemInfo {
    return { mailCatcher: this.mailCatcher.enabled, chatDelivery: this.chat.enabled };
  }

  @Post('test-email')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a test email through the outbox' })
  @ApiAcceptedResponse({ type: QueuedNotificationDto })
  sendTestEmail(@CurrentStaff() staff: StaffPrincipal, @Body() dto: SendTestEmailDto, @RequestCtx() context: RequestContext) {
    return this.notifications.sendTestEmail(staffActor(staff), dto, context);
  }
}
