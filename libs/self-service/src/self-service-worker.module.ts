import { Module } from '@nestjs/common';
import { SelfServiceProcessor } from './jobs/self-service.processor';
import { SelfServiceModule } from './self-service.module';

/** The worker side of the portal: codes and tickets for addresses that belong to accounts. */
@Module({
  imports: [SelfServiceModule],
  providers: [SelfServiceProcessor],
})
export class SelfServiceWorkerModule {}
