import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';

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

/**
 * Queue and worker classes that log Redis errors from the moment they are
 * constructed (BullMQ would print them to the console before any service
 * could attach a listener). Installed through @nestjs/bullmq's documented
 * `BullModule.queueClass` / `workerClass` hooks in CoreQueueModule.
 */
export class LoggedQueue<Data = unknown> extends Queue<Data> {
  constructor(...args: ConstructorParameters<typeof Queue<Data>>) {
    super(...args);
    this.on('error', new ThrottledErrorLog(new Logger('Queue'), `Queue "${args[0]}" lost Redis`).log);
  }
}

export class LoggedWorker extends Worker {
  constructor(...args: ConstructorParameters<typeof Worker>) {
    super(...args);
    this.on('error', new ThrottledErrorLog(new Logger('Worker'), `Worker for "${args[0]}" failed`).log);
  }
}
