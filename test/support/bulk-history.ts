type Query = (sql: string, params: unknown[]) => Promise<unknown>;

export interface TicketRow {
  accountId: number;
  channel?: 'phone' | 'portal' | 'email' | 'chat';
  status?: string;
  createdAt: Date;
  resolvedAt?: Date | null;
  assigneeId?: number | null;
}

export interface AuditRow {
  action: string;
  occurredAt: Date;
  details?: Record<string, unknown>;
  accountId?: number | null;
}

export interface NotificationRow {
  kind: string;
  status: 'queued' | 'sent' | 'failed';
  createdAt: Date;
  milestone?: number | null;
}

const CHUNK = 2000;

/** Multi-row INSERTs of CHUNK rows: history at benchmark scale without going through the services. */
async function insertChunked<T>(
  query: Query,
  rows: T[],
  insert: string,
  placeholders: string,
  values: (row: T) => unknown[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await query(`${insert} VALUES ${chunk.map(() => placeholders).join(', ')}`, chunk.flatMap(values));
  }
}

/** Tickets as they would stand after their history: status, opened and resolved times, assignee. */
export function insertTickets(query: Query, rows: TicketRow[]): Promise<void> {
  return insertChunked(
    query,
    rows,
    'INSERT INTO tickets (account_id, subject, description, channel, status, assignee_id, created_at, updated_at, resolved_at)',
    "(?, 'Locked out', '', ?, ?, ?, ?, ?, ?)",
    (row) => [
      row.accountId,
      row.channel ?? 'phone',
      row.status ?? (row.resolvedAt ? 'resolved' : 'open'),
      row.assigneeId ?? null,
      row.createdAt,
      row.resolvedAt ?? row.createdAt,
      row.resolvedAt ?? null,
    ],
  );
}

/** Unsealed audit events (the sealer chains them like any other). */
export function insertAuditEvents(query: Query, rows: AuditRow[]): Promise<void> {
  return insertChunked(
    query,
    rows,
    'INSERT INTO audit_events (occurred_at, actor_type, action, account_id, details)',
    "(?, 'system', ?, ?, ?)",
    (row) => [row.occurredAt, row.action, row.accountId ?? null, JSON.stringify(row.details ?? {})],
  );
}

/**
 * Outbox rows with a placeholder payload. Queued ones look freshly handed to
 * the queue (queued_at now), so the sweeper leaves them alone for a minute.
 */
export function insertNotifications(query: Query, rows: NotificationRow[]): Promise<void> {
  return insertChunked(
    query,
    rows,
    'INSERT INTO notifications (kind, recipient, subject, payload, status, milestone, created_at, updated_at, queued_at)',
    "(?, 'holder@example.com', 'History', '-', ?, ?, ?, ?, ?)",
    (row) => [
      row.kind,
      row.status,
      row.milestone ?? null,
      row.createdAt,
      row.createdAt,
      row.status === 'queued' ? new Date() : row.createdAt,
    ],
  );
}
