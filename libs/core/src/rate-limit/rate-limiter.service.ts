import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { redisConfig, RedisConfigType, securityConfig, SecurityConfigType } from '../config/config';
import { deriveKey } from '../crypto/derive-key';
import { failFastRedis } from '../queue/fail-fast-redis';
import { dataNodes, RedisClient } from '../queue/redis-client';
import { canonicalKey } from '../text/canonical-key';

// A limit that cannot be counted refuses the request (503, see isConnectionFailure) within this, never hangs.
const LIMITER_TIMEOUT_MS = 1000;

export interface RateLimit {
  /** What is limited, e.g. `forgot-password:address`. */
  bucket: string;
  limit: number;
  windowSeconds: number;
  /**
   * How subjects are told apart: `name` (the default) counts every spelling
   * the database takes for the same name as one (`bob`, `BÓB`, `ｂｏｂ`: see
   * canonicalKey); `exact` counts byte for byte, for opaque ids such as chat
   * user ids, which the database compares that way too.
   */
  subject?: 'name' | 'exact';
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (when refused). */
  retryAfterSeconds: number;
}

// INCR, and start the window on the first hit: one round trip, atomic across API instances.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('TTL', KEYS[1])}`;

// The throttler's window (KEYS[1], counted) and its block (KEYS[2]): while blocked nothing is counted; passing the
// limit starts the block and empties the window, so counting starts afresh when the block ends. Times in ms.
const THROTTLE_SCRIPT = `
local limit, ttl, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {limit + 1, math.max(redis.call('PTTL', KEYS[1]), 0), 1, blocked} end
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
local left = redis.call('PTTL', KEYS[1])
if count <= limit then return {count, left, 0, 0} end
if block <= 0 then return {count, left, 1, left} end
redis.call('SET', KEYS[2], '1', 'PX', block)
redis.call('DEL', KEYS[1])
return {count, left, 1, block}`;

/** One request against a throttler window, as @nestjs/throttler's storage contract reports it (seconds). */
export interface ThrottleDecision {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Fixed-window counters in Redis, shared by every API instance: limits that
 * follow a subject (an email address, a username, a chat id) and, through
 * RedisThrottlerStorage, the per-address limits of @nestjs/throttler. Subjects are stored only as HMACs, so Redis never holds
 * the addresses people typed.
 */
@Injectable()
export class RateLimiter implements OnApplicationShutdown {
  private readonly redis: RedisClient;
  private readonly subjectKey: Buffer;
  private readonly prefix: string;

  constructor(@Inject(redisConfig.KEY) redis: RedisConfigType, @Inject(securityConfig.KEY) security: SecurityConfigType) {
    // Without Redis nothing can be counted, so nothing is allowed: every command fails within a second
    // and the request answers 503 with Retry-After.
    this.redis = failFastRedis(redis, LIMITER_TIMEOUT_MS);
    this.subjectKey = deriveKey(security.dataKey, 'rate-limit-subjects');
    this.prefix = `${redis.queuePrefix}:rl:`;
  }

  /** Counts one event for `subject`; refused once `limit` events happened in the current window. */
  async hit(rule: RateLimit, subject: string): Promise<RateDecision> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.key(rule, subject), rule.windowSeconds)) as [number, number];
    return { allowed: count <= rule.limit, retryAfterSeconds: Math.max(1, ttl) };
  }

  /**
   * Counts one request under a throttler key (already a digest: the throttler hashes route, name and tracker) in a
   * window of `ttlMs`; past `limit` the key is refused for `blockMs` without counting. Both keys carry the same
   * hash tag, so the script runs on Redis Cluster too.
   */
  async throttle(key: string, ttlMs: number, limit: number, blockMs: number): Promise<ThrottleDecision> {
    const window = `${this.prefix}throttle:{${key}}`;
    const [hits, expireMs, blocked, blockMsLeft] = (await this.redis.eval(
      THROTTLE_SCRIPT,
      2,
      window,
      `${window}:block`,
      limit,
      ttlMs,
      blockMs,
    )) as [number, number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(expireMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: blocked === 1 ? Math.max(1, Math.ceil(blockMsLeft / 1000)) : 0,
    };
  }

  /** Forgets a subject's count (e.g. after a successful sign-in). */
  async reset(rule: Pick<RateLimit, 'bucket' | 'subject'>, subject: string): Promise<void> {
    await this.redis.del(this.key(rule, subject));
  }

  /** Every counter of this instance's prefix; for tests and operators. */
  async clearAll(): Promise<void> {
    // SCAN walks one server: on a cluster, each primary in turn.
    for (const node of await dataNodes(this.redis)) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
        if (keys.length > 0) await node.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // QUIT needs a live connection; otherwise (never connected, or reconnecting after an outage) just stop.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis.disconnect();
  }

  private key(rule: Pick<RateLimit, 'bucket' | 'subject'>, subject: string): string {
    const folded = rule.subject === 'exact' ? subject : canonicalKey(subject);
    return `${this.prefix}${rule.bucket}:${createHmac('sha256', this.subjectKey).update(folded).digest('hex')}`;
  }
}
