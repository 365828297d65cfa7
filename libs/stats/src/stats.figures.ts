import {
  CODE_SOURCES,
  Count,
  MilestoneCounts,
  OPEN_TICKET_STATUSES,
  PreviousPeriod,
  RESET_METHODS,
  ResetBucket,
  ResetCounts,
  Stats,
  TicketBucket,
  VERIFICATION_OUTCOMES,
  VerificationBucket,
  VerificationCounts,
  VerificationTotals,
} from './stats.types';
import { TICKET_CHANNELS } from '@resetdesk/tickets';
import { StatsRange } from './stats-range';
import { CODE_ACTIONS, RESET_REASONS, StatsQueryName } from './stats.queries';

export type Row = Record<string, unknown>;
export type StatsRows = Record<StatsQueryName, Row[]>;

/** Turns the aggregate rows into the dashboard's figures: every bucket present, empty ones as zero. */
export function toStatsDto(range: StatsRange, upcoming: StatsRange, rows: StatsRows, generatedAt: Date): Stats {
  const ticketBuckets = emptyBuckets(range, (): Omit<TicketBucket, 'start' | 'end'> => ({ opened: 0, resolved: 0 }));
  addPerDay(range, rows.ticketsOpened, (bucket, n) => (ticketBuckets[bucket].opened += n));
  addPerDay(range, rows.ticketsResolved, (bucket, n) => (ticketBuckets[bucket].resolved += n));

  const codeBuckets = emptyBuckets(range, (): Omit<VerificationBucket, 'start' | 'end'> => zeroCounts());
  const bySource = Object.fromEntries(CODE_SOURCES.map((source) => [source, zeroCounts()]));
  addPerDay(range, rows.codes, (bucket, n, action) => {
    const { source, outcome } = CODE_ACTIONS[action!];
    codeBuckets[bucket][outcome] += n;
    bySource[source][outcome] += n;
  });

  const resetBuckets = emptyBuckets(range, (): Omit<ResetBucket, 'start' | 'end'> => ({ link: 0, temporary: 0, selfService: 0, chat: 0 }));
  addPerDay(range, rows.resets, (bucket, n, reason) => (resetBuckets[bucket][RESET_REASONS[reason!]] += n));
  const resetTotals = Object.fromEntries(RESET_METHODS.map((method) => [method, sum(resetBuckets, method)])) as ResetCounts;

  const expiries = new Map(rows.upcomingExpiries.map((row) => [String(row.day), Number(row.n)]));
  const expiryDays = upcoming.days.map((date) => ({ date, count: expiries.get(date) ?? 0 }));
  const byMilestone = milestoneCounts(rows.reminders);
  const failedByKind = counts(rows.failedDeliveries, 'kind');

  return {
    range: { from: range.from, to: range.to, bucket: range.bucket, timeZone: range.timeZone, generatedAt: generatedAt.toISOString() },
    previous: null,
    tickets: {
      open: openTickets(rows.openTickets),
      opened: sum(ticketBuckets, 'opened'),
      resolved: sum(ticketBuckets, 'resolved'),
      buckets: ticketBuckets,
      timeToResolve: resolveTimes(rows.resolveTimes),
      topAgents: rows.topAgents.map((row) => ({
        staffId: Number(row.staff_id),
        name: String(row.name),
        email: String(row.email),
        resolved: Number(row.resolved),
      })),
    },
    verification: {
      ...withSuccessRate(
        Object.fromEntries(VERIFICATION_OUTCOMES.map((outcome) => [outcome, sum(codeBuckets, outcome)])) as VerificationCounts,
      ),
      buckets: codeBuckets,
      assisted: withSuccessRate(bySource.assisted),
      selfService: withSuccessRate(bySource.selfService),
    },
    resets: { ...resetTotals, total: RESET_METHODS.reduce((total, method) => total + resetTotals[method], 0), buckets: resetBuckets },
    reminders: {
      sent: byMilestone.reduce((total, milestone) => total + milestone.sent, 0),
      byMilestone,
      failedDeliveries: failedByKind.reduce((total, kind) => total + kind.count, 0),
      failedByKind,
    },
    upcomingExpiries: { total: expiryDays.reduce((total, day) => total + day.count, 0), days: expiryDays },
  };
}

/** The figures a headline card compares with, from a whole Stats of the period before. */
export function headlinesOf(stats: Stats): PreviousPeriod {
  return {
    from: stats.range.from,
    to: stats.range.to,
    opened: stats.tickets.opened,
    resolved: stats.tickets.resolved,
    medianResolveSeconds: stats.tickets.timeToResolve.medianSeconds,
    verificationSuccessRate: stats.verification.successRate,
    resets: stats.resets.total,
    remindersSent: stats.reminders.sent,
    failedDeliveries: stats.reminders.failedDeliveries,
  };
}

function zeroCounts(): VerificationCounts {
  return { sent: 0, verified: 0, failed: 0, locked: 0 };
}

function emptyBuckets<T extends object>(range: StatsRange, zero: () => T): Array<T & { start: string; end: string }> {
  return range.buckets.map((span) => ({ ...span, ...zero() }));
}

function addPerDay(range: StatsRange, rows: Row[], add: (bucket: number, n: number, key?: string) => void): void {
  for (const row of rows) {
    const bucket = range.bucketOf(String(row.day));
    if (bucket !== undefined) add(bucket, Number(row.n), row.key === undefined ? undefined : String(row.key));
  }
}

function sum<T>(items: T[], field: { [K in keyof T]: T[K] extends number ? K : never }[keyof T]): number {
  return items.reduce((total, item) => total + (item[field] as number), 0);
}

function counts(rows: Row[], field: string): Count[] {
  return rows
    .map((row) => ({ key: String(row[field]), count: Number(row.n) }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function openTickets(rows: Row[]) {
  const tally = (field: 'status' | 'channel', keys: readonly string[]): Count[] =>
    keys.map((key) => ({ key, count: rows.filter((row) => row[field] === key).reduce((total, row) => total + Number(row.n), 0) }));
  const byStatus = tally('status', OPEN_TICKET_STATUSES);
  return { total: byStatus.reduce((total, status) => total + status.count, 0), byStatus, byChannel: tally('channel', TICKET_CHANNELS) };
}

function withSuccessRate(counts: VerificationCounts): VerificationTotals {
  return { ...counts, successRate: counts.sent > 0 ? counts.verified / counts.sent : null };
}

function milestoneCounts(rows: Row[]): MilestoneCounts[] {
  const byMilestone = new Map<number, MilestoneCounts>();
  for (const row of rows) {
    const milestone = Number(row.milestone);
    const entry = byMilestone.get(milestone) ?? { milestone, queued: 0, sent: 0, failed: 0 };
    entry[row.status as 'queued' | 'sent' | 'failed'] += Number(row.n);
    byMilestone.set(milestone, entry);
  }
  return [...byMilestone.values()].sort((a, b) => b.milestone - a.milestone);
}

/**
 * Median and p90 with linear interpolation between the ranks around them
 * (as PERCENTILE_CONT). Ranks are computed in whole numbers so they match
 * the ones SQL picked exactly.
 */
function resolveTimes(rows: Row[]) {
  if (rows.length === 0) return { resolved: 0, medianSeconds: null, p90Seconds: null };
  const n = Number(rows[0].n);
  const secondsAtRank = new Map(rows.map((row) => [Number(row.rn), Number(row.seconds)]));
  const percentile = (numerator: number, denominator: number) => {
    const scaled = denominator + numerator * (n - 1); // (1 + p·(n−1)) × denominator
    const lower = Math.floor(scaled / denominator);
    const fraction = (scaled % denominator) / denominator;
    const low = secondsAtRank.get(lower)!;
    return fraction === 0 ? low : low + fraction * (secondsAtRank.get(lower + 1)! - low);
  };
  return { resolved: n, medianSeconds: percentile(1, 2), p90Seconds: percentile(9, 10) };
}
