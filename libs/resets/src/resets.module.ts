import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { PoliciesModule } from '@resetdesk/policies';
import { StaffModule } from '@resetdesk/staff';
import { TicketsModule } from '@resetdesk/tickets';
import { VerificationModule } from '@resetdesk/verification';
import { AssistedResetService } from './assisted-reset.service';
import { CredentialRevoker } from './credential-revoker.service';
import { ResetCompletion } from './reset-completion.service';
import { ResetLinkService } from './reset-link.service';
import { ResetTokenEntity } from './reset-token.entity';
import { ResetsRepository } from './resets.repository';

/** Reset links, temporary passwords, the four-eyes approval, and what every reset revokes and resolves. */
@Module({
  imports: [
    TypeOrmModule.forFeature([ResetTokenEntity]),
    AccountsModule,
    StaffModule,
    MailModule,
    PoliciesModule,
    TicketsModule,
    VerificationModule,
  ],
  providers: [ResetsRepository, AssistedResetService, ResetLinkService, CredentialRevoker, ResetCompletion],
  exports: [AssistedResetService, ResetLinkService, CredentialRevoker, ResetCompletion],
})
export class ResetsModule {}
