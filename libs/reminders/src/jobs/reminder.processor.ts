import { Processor } from '@nestjs/bullmq';
import { JobRouter, QueueName, ReminderJobName } from '@resetdesk/core';
import { Job } from 'bullmq';
import { ReminderScanService } from '../reminder-scan.service';
import { ReminderScanJobData } from './reminder-job.types';

/** Runs the scan; one at a time per worker (two workers at once are safe, just wasteful). */
@Processor(QueueName.Reminders, { concurrency: 1 })
export class ReminderProcessor extends JobRouter<ReminderJobName> {
  protected readonly queue = QueueName.Reminders;
  protected readonly handlers = {
    [ReminderJobName.RunScan]: (job: Job<ReminderScanJobData>) => this.scan.run({ trigger: job.data.trigger, date: job.data.date }),
  };

  constructor(private readonly scan: ReminderScanService) {
    super();
  }
}
