import { Module } from '@nestjs/common';
import { StatsService } from './stats.service';

/** Dashboard figures: read-only aggregates over tickets, the audit trail, the outbox and the directory. */
@Module({
  providers: [StatsService],
  exports: [StatsService],
})
export class StatsModule {}
