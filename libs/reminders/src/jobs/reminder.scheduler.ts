import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Clock, QueueName, ReminderJobName, remindersConfig, RemindersConfigType, ScheduleKeeper } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { ReminderCalendar } from '../reminder-calendar';
import { ReminderRunsRepository } from '../reminder-runs.repository';
import { REMINDER_SCAN_JOB_OPTIONS, REMINDER_SCHEDULER_ID, ReminderScanJobData } from './reminder-job.types';

/**
 * Keeps the daily scan scheduled at REMINDER_TIME in REMINDER_TZ (a BullMQ
 * job scheduler is keyed by id, so every worker upserts the same one; the
 * keeper re-creates it when Redis loses it), and runs today's scan once when
 * a worker comes back after missing it, or the schedule was lost.
 */
@Injectable()
export class ReminderScheduler implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderScheduler.name);

  constructor(
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue<ReminderScanJobData>,
    private readonly runs: ReminderRunsRepository,
    private readonly clock: Clock,
    private readonly keeper: ScheduleKeeper,
    @Inject(remindersConfig.KEY) private readonly config: RemindersConfigType,
  ) {}

  onModuleInit(): void {
    if (!this.config.scheduled) return;
    this.keeper.keep({
      queue: this.queue,
      id: REMINDER_SCHEDULER_ID,
      repeat: { pattern: `${this.config.minute} ${this.config.hour} * * *`, tz: this.config.timeZone },
      job: { name: ReminderJobName.RunScan, data: { trigger: 'schedule' }, opts: REMINDER_SCAN_JOB_OPTIONS },
      whenCreated: () => this.catchUpMissedScan(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Turning the schedule off must stop it, not leave the last one running.
    if (!this.config.scheduled) await this.queue.removeJobScheduler(REMINDER_SCHEDULER_ID);
  }

  /**
   * Today's scan time has passed and the last completed scan is older than
   * today: queue today's scan (its catch-up covers the days in between).
   * A fresh installation has no scans yet and simply waits for the first
   * scheduled one. The job id is per day, so several workers queue it once.
   */
  private async catchUpMissedScan(): Promise<void> {
    const now = this.clock.now();
    const today = ReminderCalendar.at(now, this.config.timeZone);
    if (now < today.timeOfDay(this.config.hour, this.config.minute)) return;
    const last = await this.runs.lastCompletedDateBefore(today.dayAfter);
    if (last === null || last >= today.date) return;
    this.logger.log(`The reminder scan for ${today.date} was missed (last completed: ${last}); running it now`);
    await this.queue.add(
      ReminderJobName.RunScan,
      { trigger: 'catch-up', date: today.date },
      { ...REMINDER_SCAN_JOB_OPTIONS, jobId: `reminder-catch-up-${today.date}` },
    );
  }
}
