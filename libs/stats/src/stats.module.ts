import { Module } from '@nestjs/common';
import { StatsRepository } from './stats.repository';
import { StatsService } from './stats.service';

/** Dashboard figures: read-only aggregates over tickets, the audit trail, the outbox and the directory. */
@Module({
  providers: [StatsRepository, StatsService],
  exports: [StatsService],
})
export class StatsModule {}
