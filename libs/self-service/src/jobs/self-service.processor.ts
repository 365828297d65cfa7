import { Processor } from '@nestjs/bullmq';
import { JobRouter, QueueName, SelfServiceJobName } from '@resetdesk/core';
import { Job } from 'bullmq';
import { ForgotPasswordRequests } from '../forgot-password-requests.service';
import { ForgotPasswordService } from '../forgot-password.service';
import { SupportRequestService } from '../support-request.service';
import { ForgotPasswordJobData, SupportTicketJobData } from './self-service-job.types';

/** Runs what the portal queued; no rule lives here. */
@Processor(QueueName.SelfService, { concurrency: 5 })
export class SelfServiceProcessor extends JobRouter<SelfServiceJobName> {
  protected readonly queue = QueueName.SelfService;
  protected readonly handlers = {
    [SelfServiceJobName.SendForgotPasswordCode]: (job: Job<ForgotPasswordJobData>) => this.forgotPassword.sendCode(job.data),
    [SelfServiceJobName.OpenSupportTicket]: (job: Job<SupportTicketJobData>) => this.support.openTicket(job.data),
    [SelfServiceJobName.SweepForgotPasswordRequests]: () => this.forgotRequests.sweep(),
  };

  constructor(
    private readonly forgotPassword: ForgotPasswordService,
    private readonly forgotRequests: ForgotPasswordRequests,
    private readonly support: SupportRequestService,
  ) {
    super();
  }
}
