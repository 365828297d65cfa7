import { ChatModule } from '@resetdesk/chat';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { StaffModule } from '@resetdesk/staff';
import { TicketsModule } from '@resetdesk/tickets';
import { HolderAuthenticatorEntity } from './authenticator/holder-authenticator.entity';
import { HolderAuthenticatorService } from './authenticator/holder-authenticator.service';
import { HolderAuthenticatorsRepository } from './authenticator/holder-authenticators.repository';
import { ManagerApprovalEntity } from './manager-approval/manager-approval.entity';
import { ManagerApprovalService } from './manager-approval/manager-approval.service';
import { ManagerApprovalsRepository } from './manager-approval/manager-approvals.repository';
import { PersonalEmailConfirmationEntity } from './personal-email/personal-email-confirmation.entity';
import { PersonalEmailConfirmationsRepository } from './personal-email/personal-email-confirmations.repository';
import { PersonalEmailService } from './personal-email/personal-email.service';
import { VerificationChallengeEntity } from './verification-challenge.entity';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';

/**
 * Caller verification on a ticket: a one-time code sent to the account holder, or their own authenticator app's, read
 * back to the agent; and the holder's own channels on record (the app, a personal email) they set up on the portal.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      VerificationChallengeEntity,
      HolderAuthenticatorEntity,
      PersonalEmailConfirmationEntity,
      ManagerApprovalEntity,
    ]),
    AccountsModule,
    ChatModule,
    MailModule,
    StaffModule,
    TicketsModule,
  ],
  providers: [
    VerificationRepository,
    VerificationService,
    HolderAuthenticatorsRepository,
    HolderAuthenticatorService,
    PersonalEmailConfirmationsRepository,
    PersonalEmailService,
    ManagerApprovalsRepository,
    ManagerApprovalService,
  ],
  exports: [VerificationRepository, VerificationService, HolderAuthenticatorService, PersonalEmailService, ManagerApprovalService],
})
export class VerificationModule {}
