import { Module } from '@nestjs/common';
import { CoreModule } from '@resetdesk/core';
import { MailWorkerModule } from '@resetdesk/mail';

/** BullMQ processors and schedulers; no HTTP. */
@Module({
  imports: [CoreModule, MailWorkerModule],
})
export class WorkerModule {}
