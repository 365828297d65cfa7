import { Module } from '@nestjs/common';
import { AccountsModule } from '@resetdesk/accounts';
import { AuditModule } from '@resetdesk/audit';
import { CoreModule } from '@resetdesk/core';
import { StaffModule } from '@resetdesk/staff';

/** What operator commands need: config, database, audit and the domains they act on. */
@Module({ imports: [CoreModule, AuditModule, StaffModule, AccountsModule] })
export class CliModule {}
