import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MailModule } from '@resetdesk/mail';
import { RedisHealthIndicator } from './redis.health';
import { SystemMetrics } from './system.metrics';
import { SystemService } from './system.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MailModule],
  providers: [RedisHealthIndicator, SystemService, SystemMetrics],
  exports: [SystemService],
})
export class SystemModule {}
