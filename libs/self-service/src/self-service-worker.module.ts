import { DynamicModule, Module } from '@nestjs/common';
import { keepRepeatingJob, QueueName, SelfServiceJobName } from '@resetdesk/core';
import { PORTAL_SWEEP_EVERY_MS } from './jobs/self-service-job.types';
import { SelfServiceProcessor } from './jobs/self-service.processor';
import { SelfServiceModule } from './self-service.module';
import { SupportTicketsBinding } from './support-tickets';

/** The worker side of the portal: codes and tickets for addresses that belong to accounts. */
@Module({
  providers: [
    SelfServiceProcessor,
    keepRepeatingJob(QueueName.SelfService, SelfServiceJobName.SweepForgotPasswordRequests, PORTAL_SWEEP_EVERY_MS),
  ],
})
export class SelfServiceWorkerModule {
  static register(supportTickets: SupportTicketsBinding): DynamicModule {
    return { module: SelfServiceWorkerModule, imports: [SelfServiceModule.register(supportTickets)] };
  }
}
