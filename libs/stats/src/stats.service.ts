import { Inject, Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder, csvStream } from '@resetdesk/audit';
import { Clock, remindersConfig, RemindersConfigType, RequestErrorCode, RequestException, RequestContext } from '@resetdesk/core';
import { DateTime } from 'luxon';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { StatsQueryDto } from './dto/stats-query.dto';
import { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, StatsRange, UPCOMING_EXPIRY_DAYS } from './stats-range';
import { headlinesOf, toStatsDto } from './stats.figures';
import { StatsRepository } from './stats.repository';
import { Stats } from './stats.types';
import { REPORT_COLUMNS, toReportRows } from './stats.report';

export interface StatsReport {
  fileName: string;
  rows: number;
  pipeTo(out: Writable): Promise<void>;
}

/** The supervisor dashboard's figures for a range of local days, and the same figures as an audited CSV. */
@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly dataSource: DataSource,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly reminders: RemindersConfigType,
  ) {}

  async figures(query: StatsQueryDto): Promise<Stats> {
    const now = this.clock.now();
    const timeZone = query.tz ?? this.reminders.timeZone;
    const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
    const range = rangeOf(query, today);
    const upcoming = new StatsRange(today.toISODate()!, today.plus({ days: UPCOMING_EXPIRY_DAYS - 1 }).toISODate()!, 'day', timeZone);

    const stats = toStatsDto(range, upcoming, await this.stats.aggregates(range, upcoming), now);
    if (query.compare !== 'previous') return stats;
    // The days just before, as many: the same aggregates (the range-free ones are not shown for it).
    const before = range.previous();
    return { ...stats, previous: headlinesOf(toStatsDto(before, upcoming, await this.stats.aggregates(before, upcoming), now)) };
  }

  async exportCsv(actor: AuditActor, query: StatsQueryDto, context: RequestContext): Promise<StatsReport> {
    const stats = await this.figures(query);
    const rows = toReportRows(stats);
    const { from, to, bucket, timeZone } = stats.range;
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actor,
        action: AuditAction.StatsExported,
        target: { type: 'stats' },
        context,
        details: { from, to, bucket, timeZone, rows: rows.length },
      }),
    );
    return {
      fileName: `resetdesk-report-${from}-to-${to}.csv`,
      rows: rows.length,
      pipeTo: (out) => pipeline(Readable.from(rows), csvStream(REPORT_COLUMNS), out),
    };
  }
}

function rangeOf(query: StatsQueryDto, today: DateTime): StatsRange {
  // Calendar arithmetic on plain dates: UTC has no DST to make a day 23 hours long.
  const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
  const to = query.to ?? today.toISODate()!;
  const from =
    query.from ??
    day(to)
      .minus({ days: DEFAULT_RANGE_DAYS - 1 })
      .toISODate()!;
  if (from > to) throw new RequestException(RequestErrorCode.InvalidQuery, `from (${from}) must not be after to (${to})`);
  const days = day(to).diff(day(from), 'days').days + 1;
  if (days > MAX_RANGE_DAYS)
    throw new RequestException(RequestErrorCode.InvalidQuery, `The range covers ${days} days; at most ${MAX_RANGE_DAYS} are allowed`);
  return new StatsRange(from, to, query.bucket ?? 'day', today.zoneName!);
}
