import type { RedisOptions } from 'bullmq';
import { RedisConfig, RedisNode } from '../config/config.schema';
import { CLUSTER_NODES_OPTION } from './redis-client';

/** Reconnect quickly, but not in a busy loop: a Sentinel failover takes a few seconds, and every client should be back within one step of it. */
export const REDIS_RECONNECT_STEP_MS = 250;
export const REDIS_RECONNECT_MAX_MS = 2000;

export function redisReconnectDelay(attempt: number): number {
  return Math.min(attempt * REDIS_RECONNECT_STEP_MS, REDIS_RECONNECT_MAX_MS);
}

/**
 * Connection options (ioredis-compatible) for BullMQ, health checks and the
 * limiter: one server from REDIS_URL, whichever server the sentinels name
 * primary, or a cluster's seed nodes (connectRedis makes a Cluster client of
 * those). A demoted primary answers writes with READONLY; reconnecting
 * then (and resending the command) finds the new one.
 */
export function redisOptions(redis: RedisConfig, overrides: RedisOptions = {}): RedisOptions {
  const node = {
    username: redis.username,
    password: redis.password,
    tls: redis.tls ? {} : undefined,
  };
  if (redis.cluster) {
    return {
      [CLUSTER_NODES_OPTION]: redis.cluster.nodes,
      ...node,
      retryStrategy: redisReconnectDelay,
      maxRetriesPerRequest: null,
      ...overrides,
    };
  }
  const where: RedisOptions = redis.sentinel
    ? {
        sentinels: redis.sentinel.sentinels,
        name: redis.sentinel.name,
        sentinelPassword: redis.sentinel.password,
        enableTLSForSentinelMode: redis.tls,
        sentinelRetryStrategy: redisReconnectDelay,
        // No failoverDetector: its sentinel subscribers outlive a disconnect that races their start (they then retry
        // every minute forever). A killed primary drops the connection, a demoted one answers READONLY: both reconnect.
      }
    : { host: redis.host, port: redis.port };
  return {
    ...where,
    ...node,
    db: redis.db,
    retryStrategy: redisReconnectDelay,
    reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
    // BullMQ workers block on Redis; they must not give up on a slow command.
    maxRetriesPerRequest: null,
    ...overrides,
  };
}

/**
 * For queues in a process that answers requests (the API, the CLI): a job
 * that cannot be added now fails at once rather than waiting in ioredis's
 * offline queue while Redis fails over. Every such add is backed by a row
 * that a worker's sweeper queues again, so failing fast loses nothing.
 */
export function producerRedisOptions(redis: RedisConfig): RedisOptions {
  return redisOptions(redis, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
}

/** Where Redis is, for messages: never with a password. */
export function redisAddress(redis: RedisConfig): string {
  if (redis.cluster) return `cluster of ${nodeList(redis.cluster.nodes)}`;
  if (!redis.sentinel) return `${redis.host}:${redis.port}`;
  return `primary "${redis.sentinel.name}" of sentinels ${nodeList(redis.sentinel.sentinels)}`;
}

const nodeList = (nodes: RedisNode[]) => nodes.map(({ host, port }) => `${host}:${port}`).join(',');
