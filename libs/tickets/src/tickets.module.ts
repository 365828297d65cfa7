import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { StaffModule } from '@resetdesk/staff';
import { TicketEntity, TicketNoteEntity } from './ticket.entity';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';
import { TicketFeed } from './live/ticket-feed.service';

/** Tickets and their status path; verification and resets build on it. */
@Module({
  imports: [TypeOrmModule.forFeature([TicketEntity, TicketNoteEntity]), AccountsModule, StaffModule, MailModule],
  providers: [TicketsRepository, TicketsService, TicketFeed],
  exports: [TicketsRepository, TicketsService, TicketFeed],
})
export class TicketsModule {}
