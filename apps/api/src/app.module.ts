import { Module } from '@nestjs/common';
import { CoreModule } from '@resetdesk/core';
import { MailModule } from '@resetdesk/mail';
import { MailCatcherModule } from '@resetdesk/mail-catcher';
import { SystemModule } from '@resetdesk/system';
import { HealthController } from './controllers/health.controller';
import { MailboxController } from './controllers/mailbox.controller';
import { MetricsController } from './controllers/metrics.controller';
import { NotificationsController } from './controllers/notifications.controller';
import { SystemController } from './controllers/system.controller';

@Module({
  imports: [CoreModule, MailModule, MailCatcherModule, SystemModule],
  controllers: [HealthController, MetricsController, NotificationsController, SystemController, MailboxController],
})
export class ApiModule {}
