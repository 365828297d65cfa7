import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type Redis from 'ioredis';
import { redisConfig, RedisConfigType } from '../config/config';
import { failFastRedis } from './fail-fast-redis';
import { dataNodes, RedisClient } from './redis-client';
import { redisAddress } from './redis-options';

/** Whether Redis keeps its data over a restart: append-only file, RDB snapshots (unknown where CONFIG is disabled, as on managed Redis). */
export interface RedisPersistence {
  aof: boolean;
  rdbSnapshots: boolean | 'unknown';
}

/** Eviction policy, memory use and persistence, from INFO (readable where CONFIG GET is disabled). */
export interface RedisSettings {
  policy: string;
  usedBytes: number;
  maxBytes: number;
  persistence: RedisPersistence;
}

/** The settings of the one server, or of the cluster primary whose settings put queued work most at risk. */
export async function readRedisSettings(client: RedisClient): Promise<RedisSettings> {
  const nodes = await dataNodes(client);
  if (nodes.length === 1) return readNodeSettings(nodes[0]!);
  if (nodes.length === 0) throw new Error('the Redis Cluster has no primary connected yet');
  const each = await Promise.all(nodes.map(readNodeSettings));
  const risk = (settings: RedisSettings) =>
    (redisEvictionProblem(settings.policy) ? 2 : 0) + (redisPersistenceWarning(settings.persistence) ? 1 : 0);
  return each.reduce((worst, settings) => (risk(settings) > risk(worst) ? settings : worst));
}

async function readNodeSettings(client: Redis): Promise<RedisSettings> {
  // Two sections, not the whole INFO: health checks and metric scrapes read this often. All three in one round trip.
  const [memory, persistence, save] = await Promise.all([
    client.info('memory'),
    client.info('persistence'),
    client.config('GET', 'save').then(
      (reply) => (Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1].trim() !== '' : 'unknown'),
      () => 'unknown' as const,
    ),
  ]);
  const info = `${memory}\n${persistence}`;
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  return {
    policy: field('maxmemory_policy') ?? 'unknown',
    usedBytes: Number(field('used_memory') ?? 0),
    maxBytes: Number(field('maxmemory') ?? 0),
    persistence: { aof: field('aof_enabled') === '1', rdbSnapshots: save },
  };
}

/**
 * Without persistence a Redis restart empties the queues. ResetDesk loses
 * nothing by it (the outbox and the schedules are re-made from the
 * database), but the re-made work waits for the next sweep: worth a warning,
 * not a degraded health.
 */
export function redisPersistenceWarning({ aof, rdbSnapshots }: RedisPersistence): string | null {
  if (aof || rdbSnapshots !== false) return null;
  return 'Redis persistence is off (no appendonly, no save): a restart empties the queues, and queued emails wait for the outbox sweep (OUTBOX_SWEEP_AFTER_MS) to be queued again; enable appendonly yes for production';
}

export function redisEvictionProblem(policy: string): string | null {
  return policy === 'noeviction'
    ? null
    : `maxmemory-policy is ${policy}; BullMQ needs noeviction, otherwise Redis may silently drop queued jobs`;
}

const CHECK_TIMEOUT_MS = 3000;

/** At start, says once in the log what in Redis's settings puts queued work at risk. Never delays or stops the start. */
@Injectable()
export class RedisSettingsCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Redis');

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfigType) {}

  onApplicationBootstrap(): void {
    // Fire and forget: check never rejects, and the start must not wait for a slow Redis.
    void this.check();
  }

  async check(): Promise<string[]> {
    const client = failFastRedis(this.config, CHECK_TIMEOUT_MS);
    try {
      const settings = await readRedisSettings(client);
      const warnings = [redisEvictionProblem(settings.policy), redisPersistenceWarning(settings.persistence)].filter(
        (warning): warning is string => warning !== null,
      );
      for (const warning of warnings) this.logger.warn(`${redisAddress(this.config)}: ${warning}`);
      return warnings;
    } catch (error) {
      this.logger.warn(
        `Could not read the settings of Redis at ${redisAddress(this.config)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return [];
    } finally {
      client.disconnect();
    }
  }
}
