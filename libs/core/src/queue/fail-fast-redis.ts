import { RedisConfig } from '../config/config.schema';
import { connectRedis, RedisClient } from './redis-client';
import { redisOptions } from './redis-options';

/**
 * A Redis connection for request-time work (rate limits, health, metrics)
 * whose every command answers or fails within `timeoutMs`: a command timeout
 * that also covers commands waiting for the (lazy) connection, no retry of a
 * command after a lost connection, and reconnects in the background (quickly: see
 * redisReconnectDelay). The failures are ioredis errors that the exception filter
 * answers as an outage (503). Connects on first use, so processes that never
 * need it never open it.
 */
export function failFastRedis(config: RedisConfig, timeoutMs: number): RedisClient {
  const client = connectRedis(
    redisOptions(config, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
    }),
  );
  // Failures surface through the commands; nothing to log on every reconnect attempt.
  client.on('error', () => undefined);
  return client;
}
