import type { RedisOptions } from 'bullmq';
import { RedisConfig } from '../config/config.schema';

/** Connection options (ioredis-compatible) for BullMQ and health checks, from REDIS_URL. */
export function redisOptions(redis: RedisConfig, overrides: RedisOptions = {}): RedisOptions {
  return {
    host: redis.host,
    port: redis.port,
    db: redis.db,
    username: redis.username,
    password: redis.password,
    tls: redis.tls ? {} : undefined,
    // BullMQ workers block on Redis; they must not give up on a slow command.
    maxRetriesPerRequest: null,
    ...overrides,
  };
}
