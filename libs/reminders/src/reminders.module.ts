import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '@resetdesk/accounts';
import { QueueName } from '@resetdesk/core';
import { MailModule } from '@resetdesk/mail';
import { PoliciesModule } from '@resetdesk/policies';
import { ReminderRunEntity } from './reminder-run.entity';
import { ReminderRunsRepository } from './reminder-runs.repository';
import { ReminderRunsService } from './reminder-runs.service';
import { ReminderScanService } from './reminder-scan.service';
import { UpcomingExpiriesService } from './upcoming-expiries.service';

/** Password-expiry reminders: the scan (worker and CLI), upcoming expiries and the scan log (API). */
@Module({
  imports: [
    TypeOrmModule.forFeature([ReminderRunEntity]),
    BullModule.registerQueue({ name: QueueName.Reminders }),
    AccountsModule,
    PoliciesModule,
    MailModule,
  ],
  providers: [ReminderRunsRepository, ReminderScanService, ReminderRunsService, UpcomingExpiriesService],
  exports: [ReminderRunsRepository, ReminderScanService, ReminderRunsService, UpcomingExpiriesService, BullModule],
})
export class RemindersModule {}
