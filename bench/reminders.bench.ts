/**
 * npm run bench:reminders [-- --accounts N]   (default 200,000)
 *
 * Seeds N accounts whose passwords expire spread over the next 180 days
 * (raw multi-row INSERTs), then measures in the same process:
 *  (a) the product: ReminderScanService.run — expiry pass, keyset pages of
 *      the accounts on milestone days, outbox rows in multi-row INSERT IGNOREs,
 *      jobs handed to BullMQ with addBulk, the audit event;
 *  (b) a raw baseline: the same keyset SELECTs with mysql2 and queue.addBulk
 *      of one job per due reminder.
 * Prints accounts/s (directory size / elapsed), reminders queued, peak RSS of
 * each phase, and the ratio product/baseline (target >= 0.5; peak RSS under
 * 300 MB at 1M accounts). Delivery is not part of the figure: no worker runs.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import mysql from 'mysql2/promise';
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { AuditModule } from '@resetdesk/audit';
import { CoreModule, parseConfig, redisOptions } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { dueDayRanges, dueMilestone, ReminderCalendar, RemindersModule, ReminderScanService } from '@resetdesk/reminders';
import { DAY_MS, insertAccountsExpiring } from '../test/support/bulk-accounts';
import { freshBenchDatabase, rawConnectionOptions } from './bench-database';
import { sizeOption } from './bench-options';

@Module({ imports: [CoreModule.forProcess('bench'), AuditModule, RemindersModule] })
class BenchModule {}

/** Runs `work` while sampling RSS every 20 ms; returns its result, the elapsed ms and the peak RSS in MB. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakMb: number; startMb: number }> {
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - start, peakMb: peak / 2 ** 20, startMb: startRss / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

/** Child mode: expiry spread evenly over 180 days from `today`, at varied times of day (about 1/180 of the directory per day). */
async function seed(accounts: number, today: number): Promise<void> {
  const { database } = parseConfig(process.env);
  const connection = await mysql.createConnection({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
    database: database.database,
    timezone: 'Z',
  });
  try {
    await insertAccountsExpiring(
      (sql, params) => connection.query(sql, params),
      accounts,
      (index) => new Date(today + (index % 180) * DAY_MS + ((index * 7919) % DAY_MS)),
    );
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const seedAt = process.argv.indexOf('--seed');
  if (seedAt >= 0) return seed(Number(process.argv[seedAt + 1]), Number(process.argv[seedAt + 2]));
  const accounts = sizeOption('--accounts', 200_000);
  const config = await freshBenchDatabase({
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_bench_reminders',
    REMINDER_SCHEDULE: 'false',
  });
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const { database } = config;
  const pool = mysql.createPool({
    ...rawConnectionOptions(database),
    timezone: 'Z',
    connectionLimit: 2,
  });
  const rawQueue = new Queue('bench-raw-reminders', { connection: redisOptions(config.redis), prefix: config.redis.queuePrefix });
  const mailQueue = new Queue('mail', { connection: redisOptions(config.redis), prefix: config.redis.queuePrefix });
  try {
    await app.get(PoliciesService).ensurePresets();
    const calendar = ReminderCalendar.at(new Date(), config.reminders.timeZone);
    // Seeded by a child process, so this process's RSS is the scan's alone.
    const start = performance.now();
    execFileSync(process.execPath, [...process.execArgv, __filename, '--seed', String(accounts), String(calendar.dayStart(0).getTime())], {
      stdio: 'inherit',
      env: process.env,
    });
    process.stdout.write(`Seeded ${accounts.toLocaleString('en-US')} accounts in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    await pool.query('ANALYZE TABLE accounts');

    const batch = config.reminders.batchSize;
    const reminderDays = [7, 3, 0];
    const baseline = async () => {
      let queued = 0;
      for (const [from, to] of dueDayRanges(reminderDays, 1)) {
        let cursor: { expiresAt: Date; id: number } | null = null;
        for (;;) {
          const [rows] = (await pool.query(
            `SELECT id, username, email, display_name, policy_id, password_changed_at, password_expires_at, password_version
               FROM accounts
              WHERE password_expires_at >= ? AND password_expires_at < ? ${cursor ? 'AND password_expires_at >= ? AND (password_expires_at > ? OR id > ?)' : ''}
                AND must_change_password = 0 AND status <> 'disabled'
              ORDER BY password_expires_at, id LIMIT ?`,
            cursor
              ? [calendar.dayStart(from), calendar.dayStart(to + 1), cursor.expiresAt, cursor.expiresAt, cursor.id, batch]
              : [calendar.dayStart(from), calendar.dayStart(to + 1), batch],
          )) as unknown as [Array<{ id: number; email: string; password_expires_at: Date; password_version: number }>];
          if (rows.length === 0) break;
          const jobs = rows.flatMap((row) => {
            const milestone = dueMilestone(calendar.daysUntil(row.password_expires_at), reminderDays, 1);
            return milestone === null
              ? []
              : [{ name: 'expiry-reminder', data: { accountId: row.id, email: row.email, milestone, version: row.password_version } }];
          });
          await rawQueue.addBulk(jobs.map((job) => ({ ...job, opts: { removeOnComplete: true } })));
          queued += jobs.length;
          const last = rows[rows.length - 1]!;
          cursor = { expiresAt: last.password_expires_at, id: last.id };
          if (rows.length < batch) break;
        }
      }
      return queued;
    };

    // Warm the buffer pool and the connections for both, then measure.
    await baseline();
    await rawQueue.obliterate({ force: true });
    const raw = await measured(baseline);
    const product = await measured(() => app.get(ReminderScanService).run({ trigger: 'cli' }));
    if (product.result.queued !== raw.result)
      throw new Error(`the product queued ${product.result.queued} reminders, the baseline ${raw.result}`);

    const perSecond = (ms: number) => Math.round((accounts / ms) * 1000).toLocaleString('en-US');
    process.stdout.write(
      [
        `Directory: ${accounts.toLocaleString('en-US')} accounts; on milestone days: ${product.result.scanned.toLocaleString('en-US')}; reminders due: ${raw.result.toLocaleString('en-US')}; passwords expired by the scan: ${product.result.expired.toLocaleString('en-US')}`,
        `raw baseline (mysql2 keyset SELECT + addBulk): ${(raw.ms / 1000).toFixed(2)} s, ${perSecond(raw.ms)} accounts/s, ${raw.result} jobs, peak RSS ${raw.peakMb.toFixed(0)} MB (${raw.startMb.toFixed(0)} MB at start)`,
        `product scan (expire + outbox + addBulk + audit): ${(product.ms / 1000).toFixed(2)} s, ${perSecond(product.ms)} accounts/s, ${product.result.queued} reminders, peak RSS ${product.peakMb.toFixed(0)} MB (${product.startMb.toFixed(0)} MB at start)`,
        `ratio (product / baseline throughput): ${(raw.ms / product.ms).toFixed(2)}  (target >= 0.5; peak RSS target < 300 MB at 1M accounts)`,
        '',
      ].join('\n'),
    );
  } finally {
    await rawQueue.obliterate({ force: true }).catch(() => undefined);
    await mailQueue.obliterate({ force: true }).catch(() => undefined);
    await rawQueue.close();
    await mailQueue.close();
    await pool.end();
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:reminders failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
