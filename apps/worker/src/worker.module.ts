import { Module } from '@nestjs/common';
import { AuditModule, AuditWorkerModule } from '@resetdesk/audit';
import { CoreModule } from '@resetdesk/core';
import { DirectorySyncWorkerModule } from '@resetdesk/directory';
import { MailWorkerModule } from '@resetdesk/mail';
import { RemindersWorkerModule } from '@resetdesk/reminders';
import { SelfServiceWorkerModule } from '@resetdesk/self-service';
import { TicketsModule, TicketsService } from '@resetdesk/tickets';

/** BullMQ processors and schedulers; no HTTP. */
@Module({
  imports: [
    CoreModule.forProcess('worker'),
    AuditModule,
    AuditWorkerModule,
    MailWorkerModule,
    SelfServiceWorkerModule.register({ imports: [TicketsModule], useExisting: TicketsService }),
    RemindersWorkerModule,
    DirectorySyncWorkerModule,
  ],
})
export class WorkerModule {}
