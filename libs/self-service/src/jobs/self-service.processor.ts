import { Processor } from '@nestjs/bullmq';
import { JobRouter, PROMPT_STALL_RECOVERY, QueueName, SelfServiceJobName } from '@resetdesk/core';
import { Job } from 'bullmq';
import { PortalRequests } from '../portal-requests.service';
import { ForgotPasswordService } from '../forgot-password.service';
import { SupportRequestService } from '../support-request.service';
import { PortalRequestJobData } from './self-service-job.types';

/** Runs what the portal queued; no rule lives here. */
@Processor(QueueName.SelfService, { concurrency: 5, ...PROMPT_STALL_RECOVERY })
export class SelfServiceProcessor extends JobRouter<SelfServiceJobName> {
  protected readonly queue = QueueName.SelfService;
  protected readonly handlers = {
    [SelfServiceJobName.SendForgotPasswordCode]: (job: Job<PortalRequestJobData>) => this.forgotPassword.sendCode(job.data),
    [SelfServiceJobName.OpenSupportTicket]: (job: Job<PortalRequestJobData>) => this.support.openTicket(job.data),
    [SelfServiceJobName.SweepForgotPasswordRequests]: () => this.portalRequests.sweep(),
  };

  constructor(
    private readonly forgotPassword: ForgotPasswordService,
    private readonly portalRequests: PortalRequests,
    private readonly support: SupportRequestService,
  ) {
    super();
  }
}
