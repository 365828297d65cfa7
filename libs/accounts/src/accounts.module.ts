import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@resetdesk/directory';
import { MailModule } from '@resetdesk/mail';
import { PoliciesModule } from '@resetdesk/policies';
import { StaffModule } from '@resetdesk/staff';
import { AccountEntity, PasswordHistoryEntity } from './account.entity';
import { AccountImportRepository } from './account-import.repository';
import { AccountImportService } from './account-import.service';
import { AccountUnlocker } from './account-unlocker.service';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { ContactChangeNotices } from './contact-change-notices';
import { PasswordCheckTokens } from './password-check-tokens';
import { PasswordSetter } from './password-setter.service';
import { PrivilegedAlerts } from './privileged-alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity, PasswordHistoryEntity]), PoliciesModule, MailModule, StaffModule, DirectoryModule],
  providers: [
    AccountsRepository,
    AccountsService,
    PasswordSetter,
    PasswordCheckTokens,
    PrivilegedAlerts,
    AccountUnlocker,
    AccountImportRepository,
    AccountImportService,
    ContactChangeNotices,
  ],
  exports: [AccountsRepository, AccountsService, PasswordSetter, PasswordCheckTokens, AccountUnlocker, AccountImportService],
})
export class AccountsModule {}
