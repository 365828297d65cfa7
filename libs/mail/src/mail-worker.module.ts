import { Module } from '@nestjs/common';
import { ChatTransport } from './chat-transport.service';
import { MailProcessor } from './jobs/mail.processor';
import { OutboxSweepScheduler } from './jobs/outbox-sweep.scheduler';
import { MailDeliveryService } from './mail-delivery.service';
import { MailModule } from './mail.module';

/** Delivery side of notifications (email and chat): only the worker imports it. */
@Module({
  imports: [MailModule],
  providers: [ChatTransport, MailDeliveryService, MailProcessor, OutboxSweepScheduler],
})
export class MailWorkerModule {}
