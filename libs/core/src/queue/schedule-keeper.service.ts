import { getQueueToken } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { JobSchedulerTemplateOptions, Queue, RepeatOptions } from 'bullmq';
import { redisConfig, RedisConfigType } from '../config/config';
import { QueueName } from './queue.constants';

/** A BullMQ job scheduler a worker keeps alive. */
export interface KeptSchedule {
  queue: Queue;
  /** Scheduler id: one per deployment, however many workers keep it. */
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: { name: string; data: unknown; opts?: JobSchedulerTemplateOptions };
  /**
   * Runs each time the keeper (re)creates the schedule, at start and after
   * Redis lost it: queue what the missing schedule would have run (a missed
   * daily scan, an overdue verification). Must be safe to repeat.
   */
  whenCreated?: () => Promise<unknown>;
}

/** A schedule that queues the job `name` (no data) every `everyMs`, keeping only failures. */
export function repeatingJob(queue: Queue, id: string, everyMs: number, name: string): KeptSchedule {
  return { queue, id, repeat: { every: everyMs }, job: { name, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } } };
}

/** A worker-module provider that has the keeper keep `repeatingJob(queue, name, everyMs, name)` (the scheduler named after its job). */
export function keepRepeatingJob(queueName: QueueName, name: string, everyMs: number): Provider {
  return {
    provide: `resetdesk.schedule.${queueName}.${name}`,
    inject: [getQueueToken(queueName), ScheduleKeeper],
    useFactory: (queue: Queue, keeper: ScheduleKeeper) => keeper.keep(repeatingJob(queue, name, everyMs, name)),
  };
}

/**
 * Job schedulers live in Redis, so a FLUSHALL or a Redis restart without
 * persistence deletes them under running workers — and with them the outbox
 * sweeper that makes a lost Redis lose no mail. The keeper upserts every
 * registered schedule when the worker starts, again whenever a queue's Redis
 * connection becomes ready after a reconnect, and checks from an in-process
 * timer (SCHEDULE_CHECK_MS) that each still exists, re-creating it if not.
 * The timer is the part that does not depend on Redis: a flush keeps the
 * connection up and says nothing.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduleKeeper.name);
  private readonly schedules: KeptSchedule[] = [];
  private readonly watchedQueues = new Set<Queue>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private started = false;

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfigType) {}

  /** Called while the worker's modules initialise (a scheduler's `onModuleInit`, a `keepRepeatingJob` provider); the keeper creates it at bootstrap. */
  keep(schedule: KeptSchedule): void {
    this.schedules.push(schedule);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.schedules.length === 0) return; // the API keeps no schedules
    for (const schedule of this.schedules) await this.create(schedule);
    this.started = true;
    for (const schedule of this.schedules) await this.watchReconnects(schedule.queue);
    // Fire and forget: checkAll catches per schedule, and shutdown awaits the check in flight (this.checking).
    this.timer = setInterval(() => void this.checkAll(), this.config.scheduleCheckMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    clearInterval(this.timer);
    await this.checking;
  }

  /** Re-creates every schedule Redis no longer has. One check at a time; a failure (Redis away) waits for the next tick. */
  checkAll(): Promise<void> {
    this.checking ??= this.checkEach().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkEach(): Promise<void> {
    for (const schedule of this.schedules) {
      if (!this.started) return;
      try {
        if (await schedule.queue.getJobScheduler(schedule.id)) continue;
        this.logger.warn(
          `Job scheduler "${schedule.id}" was missing from Redis (flushed or restarted without persistence); re-creating it`,
        );
        await this.create(schedule);
      } catch (error) {
        this.logger.warn(`Could not check job scheduler "${schedule.id}": ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async create(schedule: KeptSchedule): Promise<void> {
    await schedule.queue.upsertJobScheduler(schedule.id, schedule.repeat, schedule.job);
    await schedule.whenCreated?.();
  }

  /** ioredis emits `ready` after every reconnect; a restarted Redis may have come back empty. */
  private async watchReconnects(queue: Queue): Promise<void> {
    if (this.watchedQueues.has(queue)) return;
    this.watchedQueues.add(queue);
    // Bootstrap has just upserted through this client, so it is connected: every later `ready` is a reconnect.
    const client = await queue.getBackend().client;
    client.on('ready', () => {
      // Fire and forget, as on the timer.
      if (this.started) void this.checkAll();
    });
  }
}
