import { ChatModule } from '@resetdesk/chat';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { TicketsModule } from '@resetdesk/tickets';
import { VerificationChallengeEntity } from './verification-challenge.entity';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';

/** Caller verification on a ticket: a one-time code sent to the account holder and read back to the agent. */
@Module({
  imports: [TypeOrmModule.forFeature([VerificationChallengeEntity]), AccountsModule, ChatModule, MailModule, TicketsModule],
  providers: [VerificationRepository, VerificationService],
  exports: [VerificationRepository, VerificationService],
})
export class VerificationModule {}
