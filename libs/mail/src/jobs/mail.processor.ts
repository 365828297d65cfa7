import { Processor } from '@nestjs/bullmq';
import { JobRouter, MailJobName, PROMPT_STALL_RECOVERY, QueueName } from '@resetdesk/core';
import { Job } from 'bullmq';
import { MailDeliveryService } from '../mail-delivery.service';
import { OutboxService } from '../outbox.service';
import { mailBackoffStrategy, SendNotificationJobData } from './mail-job.types';

/** Reads the job and calls the mail services; no rule lives here. */
@Processor(QueueName.Mail, { concurrency: 5, ...PROMPT_STALL_RECOVERY, settings: { backoffStrategy: mailBackoffStrategy } })
export class MailProcessor extends JobRouter<MailJobName> {
  protected readonly queue = QueueName.Mail;
  protected readonly handlers = {
    [MailJobName.SendNotification]: (job: Job<SendNotificationJobData>) =>
      this.delivery.deliver(job.data.notificationId, { attempt: job.attemptsMade + 1, maxAttempts: job.opts.attempts ?? 1 }),
    [MailJobName.SweepOutbox]: () => this.outbox.sweep(),
  };

  constructor(
    private readonly delivery: MailDeliveryService,
    private readonly outbox: OutboxService,
  ) {
    super();
  }
}
