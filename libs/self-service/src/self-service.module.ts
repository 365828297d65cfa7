import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { QueueName } from '@resetdesk/core';
import { MailModule } from '@resetdesk/mail';
import { TicketsModule } from '@resetdesk/tickets';
import { ChatCommandService } from './chat-command.service';
import { ForgotPasswordRequestEntity } from './forgot-password-request.entity';
import { ForgotPasswordRequestsRepository } from './forgot-password-requests.repository';
import { ForgotPasswordRequests } from './forgot-password-requests.service';
import { ForgotPasswordService } from './forgot-password.service';
import { PasswordChangeService } from './password-change.service';
import { SelfServiceCodeEntity } from './self-service-code.entity';
import { SelfServiceCodeRepository } from './self-service-code.repository';
import { SupportRequestService } from './support-request.service';

/** What account holders do on the portal without staff. */
@Module({
  imports: [
    TypeOrmModule.forFeature([SelfServiceCodeEntity, ForgotPasswordRequestEntity]),
    BullModule.registerQueue({ name: QueueName.SelfService }),
    AccountsModule,
    MailModule,
    TicketsModule,
  ],
  providers: [
    PasswordChangeService,
    ForgotPasswordService,
    ForgotPasswordRequests,
    ForgotPasswordRequestsRepository,
    SelfServiceCodeRepository,
    SupportRequestService,
    ChatCommandService,
  ],
  exports: [PasswordChangeService, ForgotPasswordService, ForgotPasswordRequests, SupportRequestService, ChatCommandService, BullModule],
})
export class SelfServiceModule {}
