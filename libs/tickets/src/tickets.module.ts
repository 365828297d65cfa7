import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { PoliciesModule } from '@resetdesk/policies';
import { StaffModule } from '@resetdesk/staff';
import { AssistedResetService } from './assisted-reset.service';
import { CredentialRevoker } from './credential-revoker.service';
import { ResetCompletion } from './reset-completion.service';
import { ResetLinkService } from './reset-link.service';
import { ResetTokenEntity } from './reset-token.entity';
import { TicketEntity, TicketNoteEntity, VerificationChallengeEntity } from './ticket.entity';
import { TicketsRepository } from './tickets.repository';
import { TicketsService } from './tickets.service';
import { VerificationService } from './verification.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([TicketEntity, TicketNoteEntity, VerificationChallengeEntity, ResetTokenEntity]),
    AccountsModule,
    StaffModule,
    MailModule,
    PoliciesModule,
  ],
  providers: [
    TicketsRepository,
    TicketsService,
    VerificationService,
    AssistedResetService,
    ResetLinkService,
    CredentialRevoker,
    ResetCompletion,
  ],
  exports: [TicketsService, VerificationService, AssistedResetService, ResetLinkService, CredentialRevoker, ResetCompletion],
})
export class TicketsModule {}
