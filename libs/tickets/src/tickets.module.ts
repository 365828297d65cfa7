import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { StaffModule } from '@resetdesk/staff';
import { TicketEntity, TicketNoteEntity, VerificationChallengeEntity } from './ticket.entity';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';
import { VerificationService } from './verification.service';

@Module({
  imports: [TypeOrmModule.forFeature([TicketEntity, TicketNoteEntity, VerificationChallengeEntity]), AccountsModule, StaffModule, MailModule],
  providers: [TicketsRepository, TicketsService, VerificationService],
  exports: [TicketsService, VerificationService],
})
export class TicketsModule {}
