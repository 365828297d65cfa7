import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { redisConfig, RedisConfigType } from '../config/config';
import { LoggedQueue, LoggedWorker } from './queue-errors';
import { redisOptions } from './redis-options';

BullModule.queueClass = LoggedQueue;
BullModule.workerClass = LoggedWorker;

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [redisConfig.KEY],
      useFactory: (redis: RedisConfigType) => ({
        connection: redisOptions(redis),
        prefix: redis.queuePrefix,
      }),
    }),
  ],
})
export class CoreQueueModule {}
