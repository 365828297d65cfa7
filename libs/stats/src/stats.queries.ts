import { REMINDED_ACCOUNTS } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { CodeSource, OPEN_TICKET_STATUSES, ResetMethod, VerificationOutcome } from './stats.types';
import { StatsRange } from './stats-range';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/** Which audit action counts as which step of the verification funnel. */
export const CODE_ACTIONS: Record<string, { source: CodeSource; outcome: VerificationOutcome }> = {
  [AuditAction.CodeSent]: { source: 'assisted', outcome: 'sent' },
  [AuditAction.CodeVerified]: { source: 'assisted', outcome: 'verified' },
  [AuditAction.CodeFailed]: { source: 'assisted', outcome: 'failed' },
  [AuditAction.CodeLocked]: { source: 'assisted', outcome: 'locked' },
  [AuditAction.SelfServiceCodeSent]: { source: 'selfService', outcome: 'sent' },
  // A forgot-password code is only ever accepted together with the new password it sets.
  [AuditAction.SelfServicePasswordReset]: { source: 'selfService', outcome: 'verified' },
  [AuditAction.SelfServiceCodeFailed]: { source: 'selfService', outcome: 'failed' },
  [AuditAction.SelfServiceCodeLocked]: { source: 'selfService', outcome: 'locked' },
};

/** The `reason` every password set records, for the four ways a password is reset. */
export const RESET_REASONS: Record<string, ResetMethod> = {
  'reset-link': 'link',
  'assisted-reset': 'temporary',
  'self-service': 'selfService',
  chat: 'chat',
};

export const TOP_AGENTS = 5;

/**
 * The dashboard's SQL, one aggregate per figure, each an index range scan
 * (see the stats-indexes migration). Kept apart from the service so the
 * benchmark runs exactly these statements raw.
 */
export function statsQueries(range: StatsRange, upcoming: StatsRange) {
  const window = [range.start, range.end];
  /** Counts per local day of `column`, optionally split by a second key (`key` in the rows). */
  const perDay = (column: string, table: string, where: string, params: unknown[], splitBy?: string): SqlQuery => {
    const day = range.localDay(column);
    return {
      sql: `SELECT ${day.sql} AS day${splitBy ? `, ${splitBy} AS \`key\`` : ''}, COUNT(*) AS n FROM ${table} WHERE ${where} GROUP BY day${splitBy ? ', `key`' : ''}`,
      params: [...day.params, ...params],
    };
  };
  const expiryDay = upcoming.localDay('password_expires_at');
  return {
    openTickets: {
      sql: 'SELECT status, channel, COUNT(*) AS n FROM tickets WHERE status IN (?) GROUP BY status, channel',
      params: [OPEN_TICKET_STATUSES],
    },
    ticketsOpened: perDay('created_at', 'tickets', 'created_at >= ? AND created_at < ?', window),
    ticketsResolved: perDay('resolved_at', 'tickets', 'resolved_at >= ? AND resolved_at < ?', window),
    // Median and p90 without loading the rows: rank in SQL, keep only the (at most four) ranks the percentiles sit between.
    resolveTimes: {
      sql: `SELECT rn, n, seconds FROM (
              SELECT TIMESTAMPDIFF(SECOND, created_at, resolved_at) AS seconds,
                     ROW_NUMBER() OVER (ORDER BY TIMESTAMPDIFF(SECOND, created_at, resolved_at)) AS rn,
                     COUNT(*) OVER () AS n
                FROM tickets WHERE resolved_at >= ? AND resolved_at < ?
            ) ranked
            WHERE rn IN (FLOOR(1 + 0.5 * (n - 1)), CEIL(1 + 0.5 * (n - 1)), FLOOR(1 + 0.9 * (n - 1)), CEIL(1 + 0.9 * (n - 1)))`,
      params: window,
    },
    topAgents: {
      sql: `SELECT s.id AS staff_id, s.name, s.email, r.resolved FROM (
              SELECT assignee_id, COUNT(*) AS resolved FROM tickets
               WHERE resolved_at >= ? AND resolved_at < ? AND assignee_id IS NOT NULL
               GROUP BY assignee_id ORDER BY resolved DESC, assignee_id LIMIT ${TOP_AGENTS}
            ) r JOIN staff s ON s.id = r.assignee_id ORDER BY r.resolved DESC, s.id`,
      params: window,
    },
    codes: perDay(
      'occurred_at',
      'audit_events',
      'action IN (?) AND occurred_at >= ? AND occurred_at < ?',
      [Object.keys(CODE_ACTIONS), ...window],
      'action',
    ),
    resets: perDay(
      'occurred_at',
      'audit_events',
      "action = ? AND occurred_at >= ? AND occurred_at < ? AND JSON_UNQUOTE(JSON_EXTRACT(details, '$.reason')) IN (?)",
      [AuditAction.AccountPasswordSet, ...window, Object.keys(RESET_REASONS)],
      "JSON_UNQUOTE(JSON_EXTRACT(details, '$.reason'))",
    ),
    reminders: {
      sql: "SELECT milestone, status, COUNT(*) AS n FROM notifications WHERE kind = 'expiry-reminder' AND created_at >= ? AND created_at < ? GROUP BY milestone, status",
      params: window,
    },
    failedDeliveries: {
      sql: "SELECT kind, COUNT(*) AS n FROM notifications WHERE status = 'failed' AND created_at >= ? AND created_at < ? GROUP BY kind",
      params: window,
    },
    upcomingExpiries: {
      sql: `SELECT ${expiryDay.sql} AS day, COUNT(*) AS n FROM accounts
             WHERE password_expires_at >= ? AND password_expires_at < ? AND ${REMINDED_ACCOUNTS}
             GROUP BY day`,
      params: [...expiryDay.params, upcoming.start, upcoming.end],
    },
  } satisfies Record<string, SqlQuery>;
}

export type StatsQueries = ReturnType<typeof statsQueries>;
export type StatsQueryName = keyof StatsQueries;
