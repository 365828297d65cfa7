import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DirectoryModule } from '@resetdesk/directory';
import { MailModule } from '@resetdesk/mail';
import { DirectoryHealthIndicator } from './directory.health';
import { RedisHealthIndicator } from './redis.health';
import { SystemMetrics } from './system.metrics';
import { SystemService } from './system.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MailModule, DirectoryModule],
  providers: [RedisHealthIndicator, DirectoryHealthIndicator, SystemService, SystemMetrics],
  exports: [SystemService],
})
export class SystemModule {}
