import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { QueueName } from '@resetdesk/core';
import { MailModule } from '@resetdesk/mail';
import { ResetsModule } from '@resetdesk/resets';
import { VerificationModule } from '@resetdesk/verification';
import { AuthenticatorEnrollmentService } from './authenticator-enrollment.service';
import { PersonalEmailPortalService } from './personal-email-portal.service';
import { ChatCommandService } from './chat-command.service';
import { PortalRequestEntity } from './portal-request.entity';
import { PortalRequestsRepository } from './portal-requests.repository';
import { PortalRequests } from './portal-requests.service';
import { ForgotPasswordService } from './forgot-password.service';
import { HolderPasswordCheck } from './holder-password-check.service';
import { PasswordChangeService } from './password-change.service';
import { SelfServiceCodeEntity } from './self-service-code.entity';
import { SelfServiceCodeRepository } from './self-service-code.repository';
import { SupportRequestService } from './support-request.service';
import { SupportTickets, SupportTicketsBinding } from './support-tickets';

/** What account holders do on the portal without staff. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SelfServiceCodeEntity, PortalRequestEntity]),
    BullModule.registerQueue({ name: QueueName.SelfService }),
    AccountsModule,
    MailModule,
    ResetsModule,
    VerificationModule,
  ],
  providers: [
    AuthenticatorEnrollmentService,
    PersonalEmailPortalService,
    PasswordChangeService,
    HolderPasswordCheck,
    ForgotPasswordService,
    PortalRequests,
    PortalRequestsRepository,
    SelfServiceCodeRepository,
    SupportRequestService,
    ChatCommandService,
  ],
  exports: [
    AuthenticatorEnrollmentService,
    PersonalEmailPortalService,
    PasswordChangeService,
    HolderPasswordCheck,
    ForgotPasswordService,
    PortalRequests,
    SupportRequestService,
    ChatCommandService,
    BullModule,
  ],
})
export class SelfServiceModule {
  /** Contact support opens tickets through `supportTickets` (see SupportTickets). */
  static register(supportTickets: SupportTicketsBinding): DynamicModule {
    return {
      module: SelfServiceModule,
      imports: supportTickets.imports,
      providers: [{ provide: SupportTickets, useExisting: supportTickets.useExisting }],
    };
  }
}
