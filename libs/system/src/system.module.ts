import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueName } from '@resetdesk/core';
import { MailModule } from '@resetdesk/mail';
import { RedisHealthIndicator } from './redis.health';
import { SystemService } from './system.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), MailModule, BullModule.registerQueue({ name: QueueName.Mail })],
  providers: [RedisHealthIndicator, SystemService],
  exports: [SystemService],
})
export class SystemModule {}
