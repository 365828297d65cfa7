import { Module } from '@nestjs/common';
import { MailProcessor } from './jobs/mail.processor';
import { OutboxSweepScheduler } from './jobs/outbox-sweep.scheduler';
import { MailDeliveryService } from './mail-delivery.service';
import { MailModule } from './mail.module';

/** Delivery side of mail: only the worker imports it. */
@Module({
  imports: [MailModule],
  providers: [MailDeliveryService, MailProcessor, OutboxSweepScheduler],
})
export class MailWorkerModule {}
