import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './clock';
import { AfterCommit } from './database/after-commit';
import { databaseConfig, DatabaseConfigType } from './config/config';
import { CoreConfigModule } from './config/config.module';
import { DataCipher } from './crypto/data-cipher';
import { PasswordHasher } from './crypto/password-hasher';
import { dataSourceOptions } from './database/database.options';
import { CoreLoggingModule } from './logging/logging.module';
import type { ProcessName } from './logging/process-logger';
import { MetricsService } from './metrics/metrics.service';
import { CoreQueueModule } from './queue/queue.module';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { RedisThrottlerStorage } from './rate-limit/redis-throttler-storage';
import { OneTimeCodes } from './crypto/one-time-codes';
import { TotpService } from './crypto/totp.service';
import { ScheduleKeeper } from './queue/schedule-keeper.service';
import { LiveBus } from './live/live-bus';
import { RedisSettingsCheck } from './queue/redis-settings';

const SERVICE_PROCESSES = new Set<ProcessName>(['api', 'worker']);

// Every provider of core is shared with the whole process.
const CORE_PROVIDERS = [
  Clock,
  DataCipher,
  PasswordHasher,
  MetricsService,
  AfterCommit,
  RateLimiter,
  RedisThrottlerStorage,
  OneTimeCodes,
  TotpService,
  ScheduleKeeper,
  LiveBus,
];

/** Config, database, queues, logging, metrics, clock, cipher, password hashing and TOTP: the only cross-cutting module. */
@Global()
@Module({
  imports: [
    CoreConfigModule,
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: DatabaseConfigType) => ({ ...dataSourceOptions(db), autoLoadEntities: true, retryAttempts: 0 }),
    }),
  ],
  providers: CORE_PROVIDERS,
  exports: CORE_PROVIDERS,
})
export class CoreModule {
  /** The module for one program: its log lines name it (`"process":"api"`), and its queues connect as it needs. */
  static forProcess(processName: ProcessName): DynamicModule {
    return {
      module: CoreModule,
      imports: [CoreLoggingModule.forProcess(processName), CoreQueueModule.forProcess(processName)],
      // The long-running processes say at start what in Redis's settings puts queued work at risk; a CLI command is no place for it.
      providers: SERVICE_PROCESSES.has(processName) ? [RedisSettingsCheck] : [],
    };
  }
}
