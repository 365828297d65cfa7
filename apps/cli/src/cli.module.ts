import { Module } from '@nestjs/common';
import { AccountsModule } from '@resetdesk/accounts';
import { AuditModule } from '@resetdesk/audit';
import { CoreModule } from '@resetdesk/core';
import { DirectoryModule, DirectorySyncModule } from '@resetdesk/directory';
import { PoliciesModule } from '@resetdesk/policies';
import { RemindersModule } from '@resetdesk/reminders';
import { StaffModule } from '@resetdesk/staff';
import { VerificationModule } from '@resetdesk/verification';

/** What operator commands need: config, database, audit and the domains they act on (reminders:run writes to the outbox and hands jobs to Redis; directory:sync writes accounts; directory:check asks the configured directory; demo:seed enrolls demo holders' authenticator apps). */
@Module({
  imports: [
    CoreModule.forProcess('cli'),
    AuditModule,
    StaffModule,
    PoliciesModule,
    AccountsModule,
    RemindersModule,
    DirectoryModule,
    DirectorySyncModule,
    VerificationModule,
  ],
})
export class CliModule {}
