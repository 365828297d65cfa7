import { Stats } from './stats.types';

export const REPORT_COLUMNS = ['figure', 'dimension', 'start', 'end', 'value'];

/** One line of the CSV report: a figure, what it is split by, the days it covers, the number. */
export interface ReportRow {
  figure: string;
  dimension: string;
  start: string;
  end: string;
  value: number | string;
}

/**
 * The dashboard's figures as long-format rows, the shape spreadsheets pivot
 * best: one number per line, empty buckets included.
 */
export function toReportRows(stats: Stats): ReportRow[] {
  const { from, to } = stats.range;
  const whole = (figure: string, value: number | string | null, dimension = ''): ReportRow => ({
    figure,
    dimension,
    start: from,
    end: to,
    value: value ?? '',
  });
  const now = stats.range.generatedAt.slice(0, 10);
  const perBucket = <T extends { start: string; end: string }>(
    figure: string,
    buckets: T[],
    fields: Array<keyof T & string>,
  ): ReportRow[] =>
    buckets.flatMap((bucket) =>
      fields.map((field) => ({
        figure,
        dimension: fields.length > 1 ? field : '',
        start: bucket.start,
        end: bucket.end,
        value: bucket[field] as number,
      })),
    );

  const { tickets, verification, resets, reminders, upcomingExpiries } = stats;
  return [
    ...tickets.open.byStatus.map((status) => ({
      figure: 'open_tickets',
      dimension: `status=${status.key}`,
      start: now,
      end: now,
      value: status.count,
    })),
    ...tickets.open.byChannel.map((channel) => ({
      figure: 'open_tickets',
      dimension: `channel=${channel.key}`,
      start: now,
      end: now,
      value: channel.count,
    })),
    whole('tickets_opened', tickets.opened),
    whole('tickets_resolved', tickets.resolved),
    ...perBucket('tickets', tickets.buckets, ['opened', 'resolved']),
    whole('time_to_resolve_median_seconds', tickets.timeToResolve.medianSeconds),
    whole('time_to_resolve_p90_seconds', tickets.timeToResolve.p90Seconds),
    ...tickets.topAgents.map((agent) => whole('resolved_by_agent', agent.resolved, `${agent.name} <${agent.email}>`)),
    ...(['sent', 'verified', 'failed', 'locked'] as const).map((outcome) => whole(`codes_${outcome}`, verification[outcome])),
    whole('verification_success_rate', verification.successRate),
    whole('verification_success_rate', verification.assisted.successRate, 'source=assisted'),
    whole('verification_success_rate', verification.selfService.successRate, 'source=selfService'),
    ...perBucket('codes', verification.buckets, ['sent', 'verified', 'failed', 'locked']),
    ...(['link', 'temporary', 'selfService', 'chat'] as const).map((method) => whole('resets', resets[method], `method=${method}`)),
    ...perBucket('resets', resets.buckets, ['link', 'temporary', 'selfService', 'chat']),
    ...reminders.byMilestone.flatMap((milestone) =>
      (['queued', 'sent', 'failed'] as const).map((state) =>
        whole('reminders', milestone[state], `milestone=${milestone.milestone};status=${state}`),
      ),
    ),
    whole('failed_deliveries', reminders.failedDeliveries),
    ...reminders.failedByKind.map((kind) => whole('failed_deliveries', kind.count, `kind=${kind.key}`)),
    ...upcomingExpiries.days.map((day) => ({
      figure: 'upcoming_expiries',
      dimension: '',
      start: day.date,
      end: day.date,
      value: day.count,
    })),
  ];
}
