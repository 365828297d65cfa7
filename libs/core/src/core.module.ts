import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from './clock';
import { databaseConfig, DatabaseConfigType } from './config/config';
import { CoreConfigModule } from './config/config.module';
import { DataCipher } from './crypto/data-cipher';
import { dataSourceOptions } from './database/database.options';
import { CoreLoggingModule } from './logging/logging.module';
import { MetricsService } from './metrics/metrics.service';
import { CoreQueueModule } from './queue/queue.module';

/** Config, database, queues, logging, metrics, clock and cipher: the only cross-cutting module. */
@Global()
@Module({
  imports: [
    CoreConfigModule,
    CoreLoggingModule,
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: DatabaseConfigType) => ({ ...dataSourceOptions(db), autoLoadEntities: true, retryAttempts: 0 }),
    }),
    CoreQueueModule,
  ],
  providers: [Clock, DataCipher, MetricsService],
  exports: [Clock, DataCipher, MetricsService],
})
export class CoreModule {}
