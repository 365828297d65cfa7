// Plain types of the dashboard figures; the admin UI imports them too, so they carry no runtime imports.

export const STATS_BUCKETS = ['day', 'week'] as const;
export type StatsBucket = (typeof STATS_BUCKETS)[number];
export const OPEN_TICKET_STATUSES = ['open', 'verifying', 'verified', 'reset_sent'] as const;
export const RESET_METHODS = ['link', 'temporary', 'selfService', 'chat'] as const;
export type ResetMethod = (typeof RESET_METHODS)[number];
export const VERIFICATION_OUTCOMES = ['sent', 'verified', 'failed', 'locked'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];
export const CODE_SOURCES = ['assisted', 'selfService'] as const;
export type CodeSource = (typeof CODE_SOURCES)[number];

export interface StatsRangeShape {
  from: string;
  to: string;
  bucket: StatsBucket;
  timeZone: string;
  generatedAt: string;
}
/** A bar on a chart: local days start..end (inclusive), clipped to the range. */
export interface Bucket {
  start: string;
  end: string;
}
export interface Count {
  key: string;
  count: number;
}
export interface OpenTickets {
  total: number;
  byStatus: Count[];
  byChannel: Count[];
}
export interface TicketBucket extends Bucket {
  opened: number;
  resolved: number;
}
export interface ResolveTime {
  resolved: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}
export interface TopAgent {
  staffId: number;
  name: string;
  email: string;
  resolved: number;
}
export interface TicketStats {
  open: OpenTickets;
  opened: number;
  resolved: number;
  buckets: TicketBucket[];
  timeToResolve: ResolveTime;
  topAgents: TopAgent[];
}
export type VerificationCounts = Record<VerificationOutcome, number>;
export interface VerificationTotals extends VerificationCounts {
  successRate: number | null;
}
export type VerificationBucket = Bucket & VerificationCounts;
export interface VerificationStats extends VerificationTotals {
  buckets: VerificationBucket[];
  assisted: VerificationTotals;
  selfService: VerificationTotals;
}
export type ResetCounts = Record<ResetMethod, number>;
export type ResetBucket = Bucket & ResetCounts;
export interface ResetStats extends ResetCounts {
  total: number;
  buckets: ResetBucket[];
}
export interface MilestoneCounts {
  milestone: number;
  queued: number;
  sent: number;
  failed: number;
}
export interface ReminderStats {
  sent: number;
  byMilestone: MilestoneCounts[];
  failedDeliveries: number;
  failedByKind: Count[];
}
export interface ExpiryDay {
  date: string;
  count: number;
}
export interface UpcomingExpiries {
  total: number;
  days: ExpiryDay[];
}
/** The headline figures of the range just before, as long as the one asked for (`?compare=previous`). */
export interface PreviousPeriod {
  from: string;
  to: string;
  opened: number;
  resolved: number;
  medianResolveSeconds: number | null;
  verificationSuccessRate: number | null;
  resets: number;
  remindersSent: number;
  failedDeliveries: number;
}
/** Everything the supervisor dashboard shows for a range (`GET /api/stats`). */
export interface Stats {
  range: StatsRangeShape;
  /** Null unless asked for with `compare=previous`. */
  previous: PreviousPeriod | null;
  tickets: TicketStats;
  verification: VerificationStats;
  resets: ResetStats;
  reminders: ReminderStats;
  upcomingExpiries: UpcomingExpiries;
}
