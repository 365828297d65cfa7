import Redis from 'ioredis';
import { once } from 'node:events';
import { RedisConfig } from '../config/config.schema';
import { redisOptions } from './redis-options';

/**
 * A Redis connection for request-time checks (rate limits, health, metrics)
 * that answers or fails within `timeoutMs`: no offline queue, no retries of a
 * command, a command timeout, and a reconnect every second in the background.
 * Connects on first use, so processes that never need it never open it.
 */
export function failFastRedis(config: RedisConfig, timeoutMs: number): Redis {
  const client = new Redis(
    redisOptions(config, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      retryStrategy: () => 1000,
    }),
  );
  // Failures surface through the commands; nothing to log on every reconnect attempt.
  client.on('error', () => undefined);
  return client;
}

/**
 * Without the offline queue a command sent while connecting fails at once;
 * callers wait here (at most `timeoutMs`) for the lazy first connection or a
 * reconnect in progress, so concurrent first requests do not fail spuriously.
 */
export async function whenReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait') client.connect().catch(() => undefined);
  await once(client, 'ready', { signal: AbortSignal.timeout(timeoutMs) });
}
