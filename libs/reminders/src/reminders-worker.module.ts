import { Module } from '@nestjs/common';
import { ReminderProcessor } from './jobs/reminder.processor';
import { ReminderScheduler } from './jobs/reminder.scheduler';
import { RemindersModule } from './reminders.module';

/** The worker side: the daily schedule and the scan jobs. */
@Module({
  imports: [RemindersModule],
  providers: [ReminderProcessor, ReminderScheduler],
})
export class RemindersWorkerModule {}
