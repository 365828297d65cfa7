import { Logger } from '@nestjs/common';

const QUIET_PERIOD_MS = 30_000;

/**
 * BullMQ prints every Redis connection error to the console when nobody
 * listens. Queues and workers log through this instead: once per quiet
 * period, so an outage is visible without flooding the logs.
 */
export class ThrottledErrorLog {
  private lastLoggedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  readonly log = (error: Error): void => {
    const now = Date.now();
    if (now - this.lastLoggedAt < QUIET_PERIOD_MS) return;
    this.lastLoggedAt = now;
    this.logger.error(`${this.what}: ${error.message} (repeats muted for ${QUIET_PERIOD_MS / 1000} s)`);
  };
}
