import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { redisConfig, RedisConfigType, redisOptions, withTimeout } from '@resetdesk/core';
import Redis from 'ioredis';

const PING_TIMEOUT_MS = 1500;

/** Pings Redis on a dedicated connection that fails fast instead of queueing commands while Redis is away. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(redisConfig.KEY) config: RedisConfigType,
  ) {
    this.client = new Redis(
      redisOptions(config, {
        lazyConnect: true,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: PING_TIMEOUT_MS,
        retryStrategy: () => 1000,
      }),
    );
    // Connection errors surface through ping(); nothing to log on every reconnect attempt.
    this.client.on('error', () => undefined);
  }

  async ping(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect().catch(() => undefined);
    await withTimeout(this.client.ping(), PING_TIMEOUT_MS, 'Redis did not answer PING in time');
  }

  async isHealthy(key: string) {
    const check = this.indicators.check(key);
    try {
      await this.ping();
      return check.up();
    } catch (error) {
      return check.down({ message: `Redis is unreachable: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
