import { Module } from '@nestjs/common';
import { AccountsModule } from '@resetdesk/accounts';
import { MailModule } from '@resetdesk/mail';
import { TicketsModule } from '@resetdesk/tickets';
import { PasswordChangeService } from './password-change.service';

/** What account holders do on the portal without staff. */
@Module({
  imports: [AccountsModule, MailModule, TicketsModule],
  providers: [PasswordChangeService],
  exports: [PasswordChangeService],
})
export class SelfServiceModule {}
