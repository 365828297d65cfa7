import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QueueName } from '@resetdesk/core';
import { MailTransport } from './mail-transport.service';
import { MailMetrics } from './mail.metrics';
import { NotificationEntity } from './notification.entity';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';
import { OutboxService } from './outbox.service';

/** The outbox and delivery log, for any app that writes or shows email. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity]), BullModule.registerQueue({ name: QueueName.Mail })],
  providers: [NotificationRepository, OutboxService, NotificationsService, MailTransport, MailMetrics],
  exports: [OutboxService, NotificationsService, NotificationRepository, MailTransport, BullModule],
})
export class MailModule {}
