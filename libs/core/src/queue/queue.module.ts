import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { redisConfig, RedisConfigType } from '../config/config';
import type { ProcessName } from '../logging/process-logger';
import { LoggedQueue, LoggedWorker } from './queue-errors';
import { producerRedisOptions, redisOptions } from './redis-options';

BullModule.queueClass = LoggedQueue;
BullModule.workerClass = LoggedWorker;

/** Processes that answer a person and only add jobs; the worker (and a bench, which runs processors) consume. */
const PRODUCERS = new Set<ProcessName>(['api', 'cli']);

@Module({})
export class CoreQueueModule {
  /**
   * The worker waits out a Redis failover (its jobs resume where they were);
   * the API and the CLI only produce, and fail fast instead (see producerRedisOptions).
   */
  static forProcess(processName: ProcessName): DynamicModule {
    return {
      module: CoreQueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [redisConfig.KEY],
          useFactory: (redis: RedisConfigType) => ({
            connection: PRODUCERS.has(processName) ? producerRedisOptions(redis) : redisOptions(redis),
            prefix: redis.queuePrefix,
          }),
        }),
      ],
    };
  }
}
