import { Module } from '@nestjs/common';
import { StaffModule } from '@resetdesk/staff';
import { TicketsModule } from '../tickets.module';
import { TicketEventsService } from './ticket-events.service';

/** The live stream of a ticket's changes, for the API only (the worker tells changes, it never streams them). */
@Module({
  imports: [TicketsModule, StaffModule],
  providers: [TicketEventsService],
  exports: [TicketEventsService],
})
export class TicketEventsModule {}
