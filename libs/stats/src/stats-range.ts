import { DateTime } from 'luxon';
import { StatsBucket } from './stats.types';

/** The longest range one request may cover: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
export const UPCOMING_EXPIRY_DAYS = 30;

/** One bar on a chart: the local days [start, end], both inclusive and clipped to the range. */
export interface BucketSpan {
  start: string;
  end: string;
}

/** A stretch of time over which the zone keeps one UTC offset. */
export interface OffsetSegment {
  /** Where the next segment starts; null for the last one. */
  until: Date | null;
  offsetMinutes: number;
}

/**
 * The dashboard's calendar: whole local days `from`..`to` in a time zone,
 * as UTC instants for the WHERE clause and as the buckets a chart shows.
 * SQL groups by local day; weeks (Monday first, ISO) are folded from days.
 */
export class StatsRange {
  readonly start: Date;
  /** Exclusive: the start of the day after `to`. */
  readonly end: Date;
  readonly days: string[];
  readonly buckets: BucketSpan[] = [];
  private readonly segments: OffsetSegment[];
  private readonly bucketByDay = new Map<string, number>();

  constructor(
    readonly from: string,
    readonly to: string,
    readonly bucket: StatsBucket,
    readonly timeZone: string,
  ) {
    const first = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
    const last = DateTime.fromISO(to, { zone: timeZone }).startOf('day');
    this.start = first.toJSDate();
    this.end = last.plus({ days: 1 }).toJSDate();
    this.days = localDays(first, last);
    for (const day of this.days) {
      const current = this.buckets.at(-1);
      if (current && bucket === 'week' && DateTime.fromISO(day).weekday !== 1) current.end = day;
      else this.buckets.push({ start: day, end: day });
      this.bucketByDay.set(day, this.buckets.length - 1);
    }
    this.segments = offsetSegments(timeZone, this.start, this.end);
  }

  /** SQL for the local day of a UTC DATETIME column, exact for instants in this range (see `localDaySql`). */
  localDay(column: string): { sql: string; params: unknown[] } {
    return localDaySql(column, this.segments);
  }

  /** As many days, ending the day before this range starts (calendar arithmetic on plain dates: no DST in UTC). */
  previous(): StatsRange {
    const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
    const length = this.days.length;
    const to = day(this.from).minus({ days: 1 });
    return new StatsRange(to.minus({ days: length - 1 }).toISODate()!, to.toISODate()!, this.bucket, this.timeZone);
  }

  /** The bucket a local day belongs to (its index in `buckets`). */
  bucketOf(day: string): number | undefined {
    return this.bucketByDay.get(day);
  }
}

/** The local days from `first` to `last`, inclusive, as YYYY-MM-DD. */
function localDays(first: DateTime, last: DateTime): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = day.plus({ days: 1 })) days.push(day.toISODate()!);
  return days;
}

/**
 * SQL for the local calendar day (YYYY-MM-DD) of a UTC DATETIME column,
 * given the zone's offsets over a range. The database needs
 * no time-zone tables: the zone's offsets over the range come from the
 * runtime's tz data, and a CASE switches offset at each DST change.
 */
function localDaySql(column: string, segments: OffsetSegment[]): { sql: string; params: unknown[] } {
  const dayAt = (offset: number) => ({ sql: `DATE_FORMAT(${column} + INTERVAL ? MINUTE, '%Y-%m-%d')`, params: [offset] });
  if (segments.length === 1) return dayAt(segments[0].offsetMinutes);
  const params: unknown[] = [];
  const branches = segments.map(({ until, offsetMinutes }) => {
    const { sql, params: own } = dayAt(offsetMinutes);
    if (until === null) {
      params.push(...own);
      return `ELSE ${sql}`;
    }
    params.push(until, ...own);
    return `WHEN ${column} < ? THEN ${sql}`;
  });
  return { sql: `CASE ${branches.join(' ')} END`, params };
}

/** The zone's UTC offsets over [start, end), split where they change. */
export function offsetSegments(timeZone: string, start: Date, end: Date): OffsetSegment[] {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).offset;
  const segments: OffsetSegment[] = [];
  let current = offsetAt(start.getTime());
  // Offsets change a few times a year at most, never twice in a day: stepping by days finds each change, bisection its instant.
  const step = 86_400_000;
  for (let at = start.getTime(); at < end.getTime(); at += step) {
    const next = Math.min(at + step, end.getTime());
    if (offsetAt(next) === current) continue;
    let before = at;
    let after = next;
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (offsetAt(middle) === current) before = middle;
      else after = middle;
    }
    segments.push({ until: new Date(after), offsetMinutes: current });
    current = offsetAt(after);
  }
  segments.push({ until: null, offsetMinutes: current });
  return segments;
}
