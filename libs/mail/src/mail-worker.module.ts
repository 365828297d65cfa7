import { Module } from '@nestjs/common';
import { keepRepeatingJob, MailJobName, QueueName } from '@resetdesk/core';
import { OUTBOX_SWEEP_EVERY_MS } from './jobs/mail-job.types';
import { ChatModule } from '@resetdesk/chat';
import { MailProcessor } from './jobs/mail.processor';
import { MailDeliveryService } from './mail-delivery.service';
import { MailModule } from './mail.module';

/** Delivery side of notifications (email and chat): only the worker imports it. */
@Module({
  imports: [MailModule, ChatModule],
  providers: [MailDeliveryService, MailProcessor, keepRepeatingJob(QueueName.Mail, MailJobName.SweepOutbox, OUTBOX_SWEEP_EVERY_MS)],
})
export class MailWorkerModule {}
