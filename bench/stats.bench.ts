/**
 * npm run bench:stats [-- --runs N] [-- --days N] [-- --tz Zone] [-- --tickets N --events N]
 *   (defaults: 20 runs, the last 90 days in UTC, 100,000 tickets, 1,000,000 audit events)
 *
 * Seeds a year of desk history with multi-row INSERTs in a fresh
 * `resetdesk_bench_stats` database (BENCH_DATABASE_URL to use another):
 * 20 agents, 20,000 accounts whose passwords expire over the next 180 days,
 * the tickets (mixed channels, ~90% resolved minutes to days after opening),
 * the audit events (the verification funnel, self-service, password sets by
 * reason, and the far more frequent events no figure counts) and 60,000
 * outbox rows (expiry reminders at 7/3/0 days, other mail).
 *
 * Then measures in the same run, alternating which goes first:
 *  (a) the product: GET /api/stats for the last N days per day, through the
 *      real API over HTTP with a supervisor's bearer token;
 *  (b) a raw baseline: the same `statsQueries` statements with a mysql2 pool
 *      of 10 (as TypeORM's), all in parallel, rows not shaped.
 * Prints median and p90 of each, the ratio baseline / product (1.00 = no
 * overhead; target >= 0.5), the product's median against its 1 s target, each
 * statement's median run alone, and EXPLAIN of the slowest statement.
 * Checks that both answer the same figures.
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import mysql from 'mysql2/promise';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createApi } from '../apps/api/src/create-api';
import { QueueName, seededRandom } from '@resetdesk/core';
import { StaffService } from '@resetdesk/staff';
import { MAX_RANGE_DAYS, Row, Stats, StatsRange, StatsRows, statsQueries, toStatsDto, UPCOMING_EXPIRY_DAYS } from '@resetdesk/stats';
import { DAY_MS, insertAccountsExpiring } from '../test/support/bulk-accounts';
import { AuditRow, insertAuditEvents, insertNotifications, insertTickets, NotificationRow, TicketRow } from '../test/support/bulk-history';
import { freshBenchDatabase, rawConnectionOptions } from './bench-database';

const AGENTS = 20;
const ACCOUNTS = 20_000;
const NOTIFICATIONS = 60_000;
const HISTORY_DAYS = 365;
const WARM_UP = 3;
const BATCH = 20_000;

function option(name: string, fallback: number, min: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = Number(index >= 0 ? process.argv[index + 1] : fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
  return value;
}

function textOption(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}

/** Picks from [value, weight] pairs. */
function weighted<T>(pairs: Array<[T, number]>): (r: number) => T {
  const total = pairs.reduce((sum, [, weight]) => sum + weight, 0);
  let acc = 0;
  const cumulative = pairs.map(([value, weight]) => [value, (acc += weight / total)] as const);
  return (r) => cumulative.find(([, bound]) => r < bound)?.[0] ?? pairs[pairs.length - 1]![0];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const fmt = (value: number) => value.toLocaleString('en-US');
const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;

/** What each audit action weighs in the trail; only some of them feed a figure. */
const AUDIT_MIX = weighted<string>([
  ['ticket.opened', 10],
  ['ticket.status_changed', 20],
  ['ticket.note_added', 8],
  ['ticket.updated', 4],
  ['auth.sign_in.succeeded', 5],
  ['auth.sign_in.failed', 0.5],
  ['auth.sign_out', 2],
  ['verification.code_sent', 6],
  ['verification.verified', 4.5],
  ['verification.failed', 1.5],
  ['verification.locked', 0.2],
  ['self_service.code_sent', 8],
  ['self_service.code_failed', 2],
  ['self_service.code_locked', 0.3],
  ['self_service.password_reset', 5.5],
  ['account.password_set', 12],
  ['reset.approved', 3],
  ['reset.link_issued', 3],
  ['reset.link_used', 2.5],
  ['reset.temporary_issued', 1.5],
  ['account.password_expired', 2],
  ['account.updated', 1],
  ['account.created', 0.5],
  ['chat.command', 1],
  ['mail.notification.retried', 0.2],
  ['mail.test_email.queued', 0.1],
]);
const RESET_REASON = weighted<string>([
  ['self-service', 45],
  ['reset-link', 25],
  ['assisted-reset', 15],
  ['change', 8],
  ['chat', 5],
  ['admin', 2],
]);
const CHANNEL = weighted<NonNullable<TicketRow['channel']>>([
  ['phone', 40],
  ['portal', 30],
  ['email', 20],
  ['chat', 10],
]);
const OPEN_STATUS = weighted<string>([
  ['open', 40],
  ['verifying', 25],
  ['verified', 20],
  ['reset_sent', 15],
]);
const OTHER_MAIL = weighted<string>([
  ['self-service-code', 35],
  ['assisted-code', 20],
  ['reset-link', 15],
  ['ticket-opened', 15],
  ['reset-confirmation', 10],
  ['temporary-password-notice', 4],
  ['privileged-reset-alert', 1],
]);

type Query = (sql: string, params: unknown[]) => Promise<unknown>;

/** Details of the size real events carry. */
function auditDetails(action: string, r: () => number, accountId: number): Record<string, unknown> {
  if (action === 'account.password_set') return { reason: RESET_REASON(r()), version: 1 + Math.floor(r() * 12) };
  if (action.startsWith('ticket.')) return { ticketId: 1 + Math.floor(r() * 100_000), from: 'open', to: 'verifying' };
  if (action.startsWith('verification.') || action.startsWith('self_service.'))
    return { accountId, channel: r() < 0.8 ? 'email' : 'chat', attempt: 1 + Math.floor(r() * 3) };
  if (action.startsWith('auth.')) return { method: 'password', email: `agent${Math.floor(r() * AGENTS)}@example.com` };
  return { accountId };
}

async function seed(queries: [Query, Query], tickets: number, events: number, now: number): Promise<void> {
  const [main, side] = queries;
  const start = now - HISTORY_DAYS * DAY_MS;
  const span = now - start;

  await main(
    `INSERT INTO staff (email, name, role, password_hash, password_changed_at, created_at, updated_at) VALUES ${Array(AGENTS).fill("(?, ?, 'agent', '!', ?, ?, ?)").join(', ')}`,
    Array.from({ length: AGENTS }, (_, i) => [
      `agent${i}@example.com`,
      `Agent ${String(i).padStart(2, '0')}`,
      new Date(start),
      new Date(start),
      new Date(start),
    ]).flat(),
  );
  await insertAccountsExpiring(main, ACCOUNTS, (index) => new Date(now + (index % 180) * DAY_MS + ((index * 7919) % DAY_MS)), {
    prefix: 'holder',
  });
  const [[ids]] = (await main('SELECT MIN(id) AS first, MAX(id) AS last FROM accounts', [])) as [[{ first: number; last: number }]];
  const [[staff]] = (await main("SELECT MIN(id) AS first FROM staff WHERE role = 'agent'", [])) as [[{ first: number }]];
  const accountOf = (r: number) => ids.first + Math.floor(r * (ids.last - ids.first + 1));

  // Tickets and the outbox on one connection, the audit trail on the other: both in time order, as the desk writes them.
  const ticketsAndMail = async () => {
    const r = seededRandom(1).next;
    for (let done = 0; done < tickets; done += BATCH) {
      const rows: TicketRow[] = [];
      for (let i = done; i < Math.min(tickets, done + BATCH); i++) {
        const createdAt = start + (i / tickets) * span + r() * 60_000;
        const speed = r();
        // Most are settled within the hour on the phone, some take a day or two, a few wait a week or more.
        const delay =
          speed < 0.6 ? 60_000 + r() * 2 * 3_600_000 : speed < 0.9 ? 2 * 3_600_000 + r() * 2 * DAY_MS : 2 * DAY_MS + r() * 12 * DAY_MS;
        const fate = r();
        const cancelled = fate < 0.04;
        const stale = fate >= 0.04 && fate < 0.06;
        const resolvedAt = cancelled || stale || createdAt + delay > now ? null : new Date(createdAt + delay);
        const status = cancelled ? 'cancelled' : resolvedAt === null ? OPEN_STATUS(r()) : fate < 0.1 ? 'closed' : 'resolved';
        // Skewed load: a few agents do most of the work, 5% never get an assignee.
        const assigneeId = r() < 0.05 ? null : staff.first + Math.floor(r() ** 1.6 * AGENTS);
        rows.push({ accountId: accountOf(r()), channel: CHANNEL(r()), status, createdAt: new Date(createdAt), resolvedAt, assigneeId });
      }
      await insertTickets(side, rows);
    }
    const rows: NotificationRow[] = [];
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const createdAt = start + (i / NOTIFICATIONS) * span + r() * 60_000;
      const recent = now - createdAt < 3_600_000;
      const outcome = r();
      if (r() < 0.4) {
        const status = recent && outcome < 0.5 ? 'queued' : outcome < 0.05 ? 'failed' : 'sent';
        rows.push({ kind: 'expiry-reminder', status, createdAt: new Date(createdAt), milestone: [7, 3, 0][Math.floor(r() * 3)]! });
      } else {
        const status = recent && outcome < 0.5 ? 'queued' : outcome < 0.03 ? 'failed' : 'sent';
        rows.push({ kind: OTHER_MAIL(r()), status, createdAt: new Date(createdAt) });
      }
    }
    await insertNotifications(side, rows);
  };

  const auditTrail = async () => {
    const r = seededRandom(2).next;
    for (let done = 0; done < events; done += BATCH) {
      const rows: AuditRow[] = [];
      for (let i = done; i < Math.min(events, done + BATCH); i++) {
        const action = AUDIT_MIX(r());
        const accountId = accountOf(r());
        rows.push({
          action,
          occurredAt: new Date(start + (i / events) * span + r() * 1000),
          accountId,
          details: auditDetails(action, r, accountId),
        });
      }
      await insertAuditEvents(main, rows);
    }
  };

  await Promise.all([ticketsAndMail(), auditTrail()]);
  for (const table of ['staff', 'accounts', 'tickets', 'audit_events', 'notifications']) await main(`ANALYZE TABLE ${table}`, []);
}

async function main(): Promise<void> {
  const runs = option('runs', 20, 1);
  const tickets = option('tickets', 100_000, 1000);
  const events = option('events', 1_000_000, 1000);
  const timeZone = textOption('tz', 'UTC');
  const days = option('days', 90, 1);
  if (days > MAX_RANGE_DAYS) throw new Error(`--days may be at most ${MAX_RANGE_DAYS}`);
  const config = await freshBenchDatabase({
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_bench_stats',
    // A supervisor signs in with the password alone; MFA is not what this measures.
    MFA_REQUIRED_ROLES: '',
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    REMINDER_SCHEDULE: 'false',
  });
  const { database } = config;
  const connection = rawConnectionOptions(database);
  // As TypeORM's pool: UTC DATETIMEs, the same charset and number handling, 10 connections.
  const pool = mysql.createPool({
    ...connection,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: false,
    connectionLimit: 10,
  });

  const seedStart = performance.now();
  const seeders = await Promise.all([
    mysql.createConnection({ ...connection, timezone: 'Z' }),
    mysql.createConnection({ ...connection, timezone: 'Z' }),
  ]);
  try {
    await seed(
      seeders.map((db) => (sql: string, params: unknown[]) => db.query(sql, params)) as [Query, Query],
      tickets,
      events,
      Date.now(),
    );
  } finally {
    await Promise.all(seeders.map((db) => db.end()));
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const api = await createApi();
  try {
    await api.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}/api`;
    const password = 'Bench-supervisor-123';
    await api
      .get(StaffService)
      .create(null, { email: 'supervisor@example.com', name: 'Bench Supervisor', role: 'supervisor', password }, null);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'supervisor@example.com', password }),
    });
    const { accessToken } = (await login.json()) as { accessToken?: string };
    if (login.status !== 200 || !accessToken) throw new Error(`supervisor sign-in failed: ${login.status}`);

    // The same calendar the service builds for "the last N days" in the zone.
    const today = DateTime.now().setZone(timeZone).startOf('day');
    const from = today.minus({ days: days - 1 }).toISODate()!;
    const to = today.toISODate()!;
    const range = new StatsRange(from, to, 'day', timeZone);
    const upcoming = new StatsRange(to, today.plus({ days: UPCOMING_EXPIRY_DAYS - 1 }).toISODate()!, 'day', timeZone);
    const statements = Object.entries(statsQueries(range, upcoming));
    const url = `${base}/stats?from=${from}&to=${to}&bucket=day&tz=${encodeURIComponent(timeZone)}`;

    let lastBody = '';
    const product = async (): Promise<number> => {
      const start = performance.now();
      const response = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}` } });
      lastBody = await response.text();
      const elapsed = performance.now() - start;
      if (response.status !== 200) throw new Error(`GET /api/stats answered ${response.status}: ${lastBody}`);
      return elapsed;
    };
    let lastRows = {} as StatsRows;
    const baseline = async (): Promise<number> => {
      const start = performance.now();
      const results = await Promise.all(statements.map(([, { sql, params }]) => pool.query(sql, params)));
      const elapsed = performance.now() - start;
      lastRows = Object.fromEntries(statements.map(([name], index) => [name, results[index]![0] as Row[]])) as StatsRows;
      return elapsed;
    };

    for (let i = 0; i < WARM_UP; i++) {
      await product();
      await baseline();
    }
    const productMs: number[] = [];
    const baselineMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        productMs.push(await product());
        baselineMs.push(await baseline());
      } else {
        baselineMs.push(await baseline());
        productMs.push(await product());
      }
    }

    // Both must tell the same story: raw sums of the baseline rows, then the whole shaped answer.
    const stats = JSON.parse(lastBody) as Stats;
    const total = (rows: Row[], where: (row: Row) => boolean = () => true) =>
      rows.filter(where).reduce((sum, row) => sum + Number(row.n), 0);
    const checks: Array<[string, number, number]> = [
      ['tickets.opened', stats.tickets.opened, total(lastRows.ticketsOpened)],
      ['tickets.resolved', stats.tickets.resolved, total(lastRows.ticketsResolved)],
      ['tickets.open.total', stats.tickets.open.total, total(lastRows.openTickets)],
      ['verification.sent', stats.verification.sent, total(lastRows.codes, (row) => String(row.key).endsWith('code_sent'))],
      ['resets.total', stats.resets.total, total(lastRows.resets)],
      ['reminders.sent', stats.reminders.sent, total(lastRows.reminders, (row) => row.status === 'sent')],
      ['upcomingExpiries.total', stats.upcomingExpiries.total, total(lastRows.upcomingExpiries)],
    ];
    const mismatches = checks.filter(([, a, b]) => a !== b);
    const shaped = toStatsDto(range, upcoming, lastRows, new Date(stats.range.generatedAt));
    if (JSON.stringify(shaped) !== JSON.stringify(stats)) mismatches.push(['whole answer (toStatsDto of the baseline rows)', 0, 1]);

    // Each statement alone, so the slowest aggregate shows.
    const solo: Array<{ name: string; median: number; rows: number }> = [];
    for (const [name, { sql, params }] of statements) {
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < Math.max(5, Math.ceil(runs / 2)); i++) {
        const start = performance.now();
        const [result] = await pool.query(sql, params);
        samples.push(performance.now() - start);
        rows = (result as Row[]).length;
      }
      solo.push({ name, median: percentile(samples, 50), rows });
    }
    solo.sort((a, b) => b.median - a.median);
    const slowest = statsQueries(range, upcoming)[solo[0]!.name as keyof ReturnType<typeof statsQueries>];
    const [plan] = (await pool.query(`EXPLAIN ${slowest.sql}`, slowest.params)) as unknown as [Row[]];
    const [[server]] = (await pool.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
    const [[sizes]] = (await pool.query(
      "SELECT ROUND(SUM(data_length + index_length) / 1048576) AS mb FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'audit_events'",
    )) as unknown as [[{ mb: number }]];

    const productMedian = percentile(productMs, 50);
    const baselineMedian = percentile(baselineMs, 50);
    const ratio = baselineMedian / productMedian;
    const lines = [
      `GET /api/stats, ${days} days (${from}..${to}) per day in ${timeZone}; ${runs} runs each, interleaved, after ${WARM_UP} warm-ups (${server.version})`,
      `  seeded ${fmt(AGENTS)} agents, ${fmt(ACCOUNTS)} accounts, ${fmt(tickets)} tickets, ${fmt(events)} audit events (${fmt(sizes.mb)} MB with indexes), ${fmt(NOTIFICATIONS)} notifications over ${HISTORY_DAYS} days in ${seedSeconds.toFixed(1)} s`,
      `  in range: ${fmt(stats.tickets.opened)} tickets opened, ${fmt(stats.tickets.resolved)} resolved, ${fmt(stats.verification.sent)} codes sent, ${fmt(stats.resets.total)} resets, ${fmt(stats.reminders.sent)} reminders sent`,
      `  product  (HTTP, guard, service, shaping, JSON)    median ${ms(productMedian)}   p90 ${ms(percentile(productMs, 90))}`,
      `  baseline (${statements.length} statements, mysql2 pool of 10, parallel) median ${ms(baselineMedian)}   p90 ${ms(percentile(baselineMs, 90))}`,
      `  ratio baseline / product: ${ratio.toFixed(2)}  (target >= 0.5: ${ratio >= 0.5 ? 'met' : 'MISSED'}); product median under 1 s: ${productMedian < 1000 ? 'yes' : 'NO'}`,
      `  figures agree: ${mismatches.length === 0 ? `yes (${checks.map(([name, value]) => `${name} ${fmt(value)}`).join(', ')}, whole answer)` : `NO: ${mismatches.map(([name, a, b]) => `${name} ${a} vs ${b}`).join('; ')}`}`,
      `  each statement alone (median of ${Math.max(5, Math.ceil(runs / 2))}):`,
      ...solo.map(({ name, median, rows }) => `    ${name.padEnd(18)} ${ms(median)}   ${fmt(rows).padStart(5)} rows`),
      `  EXPLAIN ${solo[0]!.name}:`,
      ...plan.map(
        (row) =>
          `    ${row.id ?? '-'} ${row.select_type} ${row.table}: type=${row.type} key=${row.key} rows=${row.rows}${row.filtered === undefined ? '' : ` filtered=${row.filtered}%`}; ${row.Extra ?? ''}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (mismatches.length > 0) process.exitCode = 1;
  } finally {
    // This run's queue prefix leaves nothing behind in Redis (sign-in and staff creation wake the sealer).
    for (const name of Object.values(QueueName))
      await Promise.resolve()
        .then(() => api.get<Queue>(getQueueToken(name)).obliterate({ force: true }))
        .catch(() => undefined);
    await pool.end();
    await api.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:stats failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
