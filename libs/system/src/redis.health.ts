import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import {
  failFastRedis,
  readRedisSettings,
  redisAddress,
  redisConfig,
  RedisConfigType,
  redisEvictionProblem,
  RedisClient,
  redisPersistenceWarning,
} from '@resetdesk/core';
import { RedisMemory } from './system-status.types';

const PING_TIMEOUT_MS = 1500;
/** Past this share of maxmemory the System page warns: at 100 % (noeviction) Redis refuses new jobs. */
export const REDIS_MEMORY_WARN_RATIO = 0.9;

/** Why Redis's memory settings put queued work at risk, or null when they are fine. */
export function redisMemoryProblem(memory: RedisMemory): string | null {
  const eviction = redisEvictionProblem(memory.policy);
  if (eviction) return eviction;
  if (memory.maxBytes > 0 && memory.usedBytes / memory.maxBytes >= REDIS_MEMORY_WARN_RATIO) {
    return `Redis uses ${Math.round((memory.usedBytes / memory.maxBytes) * 100)} % of maxmemory; at the limit it refuses new jobs`;
  }
  return null;
}

/** Pings Redis on a dedicated connection that fails fast instead of queueing commands while Redis is away. */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly client: RedisClient;
  private readonly address: string;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(redisConfig.KEY) config: RedisConfigType,
  ) {
    this.client = failFastRedis(config, PING_TIMEOUT_MS);
    this.address = redisAddress(config);
  }

  async ping(): Promise<void> {
    await this.client.ping().catch((error: unknown) => this.unreachable(error));
  }

  /** Eviction policy, memory use and persistence. */
  async memory(): Promise<RedisMemory> {
    return readRedisSettings(this.client).catch((error: unknown) => this.unreachable(error));
  }

  /** Down when unreachable; degraded (still 200) when the eviction policy or memory headroom put jobs at risk. */
  async isHealthy(key: string) {
    const check = this.indicators.check(key);
    try {
      await this.ping();
    } catch (error) {
      return check.down({ message: `Redis is unreachable: ${error instanceof Error ? error.message : String(error)}` });
    }
    const memory = await this.memory().catch(() => null);
    const problem = memory && redisMemoryProblem(memory);
    const warning = memory && redisPersistenceWarning(memory.persistence);
    const details: { memory?: RedisMemory; warning?: string } = { ...(memory ? { memory } : {}), ...(warning ? { warning } : {}) };
    return problem ? check.degraded({ message: problem, ...details }) : check.up(details);
  }

  /** ioredis reports a refused or lost connection as a spent retry budget; operators need to read where it failed. */
  private unreachable(error: unknown): never {
    if (error instanceof Error && error.name === 'MaxRetriesPerRequestError') throw new Error(`no connection to ${this.address}`);
    throw error;
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
