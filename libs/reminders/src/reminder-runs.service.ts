import { Injectable } from '@nestjs/common';
import { ListQuery, Page } from '@resetdesk/core';
import { ReminderRunDto, ReminderRunFilter, reminderRunListSpec, toReminderRunDto } from './dto/reminder-run.dto';
import { ReminderRunsRepository } from './reminder-runs.repository';

/** The log of reminder scans, for supervisors. */
@Injectable()
export class ReminderRunsService {
  constructor(private readonly runs: ReminderRunsRepository) {}

  async list(query: ListQuery<ReminderRunFilter>): Promise<Page<ReminderRunDto>> {
    const [rows, total] = await this.runs.list(query);
    return new Page(reminderRunListSpec.resource, rows.map(toReminderRunDto), total, query.skip);
  }
}
