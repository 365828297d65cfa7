import { Module } from '@nestjs/common';
import { AuditModule } from '@resetdesk/audit';
import { CoreModule } from '@resetdesk/core';
import { StaffModule } from '@resetdesk/staff';

/** What operator commands need: config, database, audit and the domains they act on. */
@Module({ imports: [CoreModule, AuditModule, StaffModule] })
export class CliModule {}
