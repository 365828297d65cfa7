import { RateLimit, RateLimiter } from '@resetdesk/core';
import { SelfServiceErrorCode, SelfServiceException } from './self-service.exception';

/**
 * Counts one request of `subject` against `rule`; past the limit, a 429
 * whose message says when to come back (`describe` gets the wait in
 * seconds), with `retryAfterSeconds` for the Retry-After header.
 */
export async function enforceLimit(
  limiter: RateLimiter,
  rule: RateLimit,
  subject: string,
  describe: (waitSeconds: number) => string,
  code: SelfServiceErrorCode = SelfServiceErrorCode.TooMany,
): Promise<void> {
  const decision = await limiter.hit(rule, subject);
  if (!decision.allowed)
    throw new SelfServiceException(code, describe(decision.retryAfterSeconds), { retryAfterSeconds: decision.retryAfterSeconds });
}
