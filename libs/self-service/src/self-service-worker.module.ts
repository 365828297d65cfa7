import { Module } from '@nestjs/common';
import { ForgotPasswordSweepScheduler } from './jobs/forgot-password-sweep.scheduler';
import { SelfServiceProcessor } from './jobs/self-service.processor';
import { SelfServiceModule } from './self-service.module';

/** The worker side of the portal: codes and tickets for addresses that belong to accounts. */
@Module({
  imports: [SelfServiceModule],
  providers: [SelfServiceProcessor, ForgotPasswordSweepScheduler],
})
export class SelfServiceWorkerModule {}
