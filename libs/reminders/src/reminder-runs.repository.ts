import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { EntityManager, Repository } from 'typeorm';
import { ReminderRunFilter } from './dto/reminder-run.dto';
import { ReminderCounts, ReminderRunEntity, ReminderRunTrigger } from './reminder-run.entity';

@Injectable()
export class ReminderRunsRepository {
  constructor(@InjectRepository(ReminderRunEntity) private readonly runs: Repository<ReminderRunEntity>) {}

  async start(
    run: { runDate: string; timeZone: string; triggeredBy: ReminderRunTrigger; catchUpDays: number },
    now: Date,
  ): Promise<number> {
    const result = await this.runs.insert({ ...run, status: 'running', startedAt: now });
    return Number(result.identifiers[0]!.id);
  }

  async complete(manager: EntityManager, id: number, counts: ReminderCounts, now: Date): Promise<void> {
    await manager.getRepository(ReminderRunEntity).update({ id }, { ...counts, status: 'completed', finishedAt: now });
  }

  async fail(id: number, counts: ReminderCounts, error: string, now: Date): Promise<void> {
    await this.runs.update({ id }, { ...counts, status: 'failed', error: error.slice(0, 1000), finishedAt: now });
  }

  /** The latest day before `date` (YYYY-MM-DD) that a scan completed for, or null. */
  async lastCompletedDateBefore(date: string): Promise<string | null> {
    const rows: Array<{ day: string | null }> = await this.runs.query(
      "SELECT DATE_FORMAT(MAX(run_date), '%Y-%m-%d') AS day FROM reminder_runs WHERE status = 'completed' AND run_date < ?",
      [date],
    );
    return rows[0]?.day ?? null;
  }

  list(query: ListQuery<ReminderRunFilter>): Promise<[ReminderRunEntity[], number]> {
    return this.runs.findAndCount({ where: { ...query.filter }, order: { id: query.sort.order }, skip: query.skip, take: query.take });
  }
}
