import { Module } from '@nestjs/common';
import { AuditModule } from '@resetdesk/audit';
import { CoreModule } from '@resetdesk/core';
import { MailWorkerModule } from '@resetdesk/mail';

/** BullMQ processors and schedulers; no HTTP. */
@Module({
  imports: [CoreModule, AuditModule, MailWorkerModule],
})
export class WorkerModule {}
