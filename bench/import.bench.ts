/**
 * npm run bench:import [-- N]   (default N = 100,000)
 *
 * Imports N directory rows through AccountImportService (parse, validate,
 * conflict checks, upsert in batches of 1,000) and, in the same run on a twin
 * table, the same rows with raw mysql2 multi-row INSERTs. Prints both rates,
 * the ratio (target >= 0.3) and the importer's peak RSS at N and 5N.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import mysql from 'mysql2/promise';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AccountImportService, AccountsModule } from '@resetdesk/accounts';
import { AuditModule, SYSTEM_ACTOR } from '@resetdesk/audit';
import { CoreModule, dataSourceOptions, parseConfig, recreateDatabase } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';

@Module({ imports: [CoreModule.forProcess('bench'), AuditModule, AccountsModule] })
class BenchModule {}

const N = Number(process.argv[2] ?? process.env.BENCH_IMPORT_ROWS ?? 100_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_bench_import';
const HEADER = 'username,email,display_name,chat_id,privileged,policy,password_changed_at\n';

function row(i: number, prefix: string): string {
  return `${prefix}${i},${prefix}${i}@example.com,User ${i},,${i % 17 === 0},${i % 3 === 0 ? 'Corporate' : ''},2026-0${1 + (i % 9)}-15\n`;
}

/** The CSV as a stream generated on the fly, so the file itself takes no memory. */
function csvStream(count: number, prefix: string): Readable {
  return Readable.from(
    (function* lines() {
      yield HEADER;
      let chunk = '';
      for (let i = 0; i < count; i++) {
        chunk += row(i, prefix);
        if (chunk.length > 64 * 1024) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    })(),
  );
}

async function importWithRss(service: AccountImportService, count: number, prefix: string) {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const report = await service.import(csvStream(count, prefix), { dryRun: false, actor: SYSTEM_ACTOR, context: null });
  const ms = performance.now() - start;
  clearInterval(timer);
  if (report.created !== count) throw new Error(`expected ${count} created, got ${report.created} (${report.failed} failed)`);
  return { rate: (count / ms) * 1000, peakMb: peak / 2 ** 20 };
}

async function main(): Promise<void> {
  const { database } = parseConfig({ DATABASE_URL });
  await recreateDatabase(database);
  const migrator = new DataSource(dataSourceOptions(database));
  await migrator.initialize();
  await migrator.runMigrations();
  await migrator.destroy();
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL, QUEUE_PREFIX: `bench-${Date.now()}` });

  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const connection = await mysql.createConnection({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
    database: database.database,
    timezone: 'Z',
  });
  try {
    const importer = app.get(AccountImportService);
    const corporate = (
      await app.get(PoliciesService).list({ filter: { q: 'Corporate' }, sort: { field: 'name', order: 'ASC' }, skip: 0, take: 1 })
    ).items[0]!;

    // Raw baseline: the same rows, already parsed, in multi-row INSERTs of 1,000 into a twin table.
    await connection.query('CREATE TABLE accounts_raw LIKE accounts');
    const start = performance.now();
    for (let offset = 0; offset < N; offset += 1000) {
      const values: unknown[] = [];
      const size = Math.min(1000, N - offset);
      for (let i = offset; i < offset + size; i++) {
        const changed = new Date(`2026-0${1 + (i % 9)}-15`);
        values.push(
          `raw${i}`,
          `raw${i}@example.com`,
          `User ${i}`,
          null,
          i % 17 === 0,
          i % 3 === 0 ? corporate.id : null,
          changed,
          new Date(changed.getTime() + 120 * 86_400_000),
          new Date(),
          new Date(),
        );
      }
      await connection.query(
        `INSERT INTO accounts_raw (username, email, display_name, chat_id, privileged, policy_id, password_changed_at, password_expires_at, created_at, updated_at) VALUES ${Array(size).fill('(?,?,?,?,?,?,?,?,?,?)').join(',')}`,
        values,
      );
    }
    const rawRate = (N / (performance.now() - start)) * 1000;

    const small = await importWithRss(importer, N, 'a');
    const large = await importWithRss(importer, 5 * N, 'b');

    const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
    process.stdout.write(
      [
        `account import benchmark, N = ${fmt(N)} rows`,
        `  raw mysql2 multi-row INSERT (pre-parsed)   ${fmt(rawRate).padStart(9)} rows/s`,
        `  AccountImportService, N rows               ${fmt(small.rate).padStart(9)} rows/s   ratio ${(small.rate / rawRate).toFixed(2)} (target >= 0.3)   peak RSS ${small.peakMb.toFixed(0)} MiB`,
        `  AccountImportService, 5N rows              ${fmt(large.rate).padStart(9)} rows/s                              peak RSS ${large.peakMb.toFixed(0)} MiB`,
      ].join('\n') + '\n',
    );
  } finally {
    await connection.end();
    await app.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
