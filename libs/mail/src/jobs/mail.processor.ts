import { Processor, WorkerHost } from '@nestjs/bullmq';
import { assertHandlesEveryJob, MailJobName, QueueName } from '@resetdesk/core';
import { Job } from 'bullmq';
import { MailDeliveryService } from '../mail-delivery.service';
import { OutboxService } from '../outbox.service';
import { MAIL_DELIVERY_ATTEMPTS, SendNotificationJobData } from './mail-job.types';

type MailJob = Job<SendNotificationJobData | Record<string, never>, unknown, MailJobName>;

/** Reads the job and calls the mail services; no rule lives here. */
@Processor(QueueName.Mail, { concurrency: 5 })
export class MailProcessor extends WorkerHost {
  private readonly handlers: Record<MailJobName, (job: MailJob) => Promise<unknown>> = {
    [MailJobName.SendNotification]: (job) =>
      this.delivery.deliver((job.data as SendNotificationJobData).notificationId, {
        attempt: job.attemptsMade + 1,
        maxAttempts: job.opts.attempts ?? MAIL_DELIVERY_ATTEMPTS,
      }),
    [MailJobName.SweepOutbox]: () => this.outbox.sweep(),
  };

  constructor(
    private readonly delivery: MailDeliveryService,
    private readonly outbox: OutboxService,
  ) {
    super();
    assertHandlesEveryJob(QueueName.Mail, this.handlers);
  }

  process(job: MailJob): Promise<unknown> {
    return this.handlers[job.name](job);
  }

}
