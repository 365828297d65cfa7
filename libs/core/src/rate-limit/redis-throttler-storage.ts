import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimiter, ThrottleDecision } from './rate-limiter.service';

/**
 * @nestjs/throttler's storage in Redis instead of each process's memory, so N API instances enforce the same
 * per-address limit as one, and guesses spread over instances still count against one budget. Like the
 * subject limits, a throttler that cannot count refuses the request (503 with Retry-After) within a second.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly limiter: RateLimiter) {}

  increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottleDecision> {
    return this.limiter.throttle(key, ttl, limit, blockDuration);
  }
}
