/** Days in milliseconds; expiry dates in tests and benches are built from it. */
export const DAY_MS = 86_400_000;

type Query = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Inserts `count` accounts straight into the table in multi-row INSERTs of
 * 2,000 (the directory of a large customer, without argon2 per account):
 * password set `maxAgeDays` before its expiry, version 1, active, the
 * default policy unless one is given.
 */
export async function insertAccountsExpiring(
  query: Query,
  count: number,
  expiresAt: (index: number) => Date,
  options: { prefix?: string; policyId?: number | null; maxAgeDays?: number } = {},
): Promise<void> {
  const prefix = options.prefix ?? 'bulk';
  const maxAgeMs = (options.maxAgeDays ?? 180) * DAY_MS;
  const now = new Date();
  for (let start = 0; start < count; start += 2000) {
    const rows: unknown[][] = [];
    for (let index = start; index < Math.min(count, start + 2000); index++) {
      const expiry = expiresAt(index);
      rows.push([
        `${prefix}${index}`,
        `${prefix}${index}@example.com`,
        `Holder ${index}`,
        options.policyId ?? null,
        new Date(expiry.getTime() - maxAgeMs),
        expiry,
        now,
        now,
      ]);
    }
    await query(
      `INSERT INTO accounts (username, email, display_name, policy_id, password_changed_at, password_expires_at, password_version, status, created_at, updated_at)
       VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, 1, 'active', ?, ?)").join(', ')}`,
      rows.flat(),
    );
  }
}

/** Noon UTC of today on the real clock. */
export const realToday = (): Date => new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`);

/**
 * `count` accounts each due a reminder today on the real clock: expiring in 7, 3 and 0 days in turn (the default
 * policy's milestones), so a scan run now queues exactly `count` reminders.
 */
export function insertAccountsDueReminders(query: Query, count: number, prefix?: string): Promise<void> {
  const today = realToday();
  return insertAccountsExpiring(
    query,
    count,
    (index) => new Date(today.getTime() + [7, 3, 0][index % 3]! * DAY_MS),
    prefix ? { prefix } : {},
  );
}
