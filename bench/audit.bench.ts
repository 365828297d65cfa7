/**
 * npm run bench:audit [-- N]   (default N = 200,000)
 *
 * Measured in one run, on the same MariaDB/MySQL server:
 *  1. ingest: AuditRecorder (one event per transaction, as in real use,
 *     including the after-commit wake-up of the sealer) vs raw mysql2
 *     single-row INSERTs;
 *  2. sealing: AuditSealer vs a raw baseline (read a batch, SHA-256 each row,
 *     one batched UPDATE, plain mysql2) on a twin database with the same schema
 *     and triggers;
 *  3. verification of N and then 5N sealed events: events/s and peak RSS,
 *     which must stay flat as the chain grows.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuditAction, AuditModule, AuditRecorder, AuditSealer, AuditVerifier, SYSTEM_ACTOR } from '@resetdesk/audit';
import { CoreModule, dataSourceOptions, parseConfig, recreateDatabase } from '@resetdesk/core';

/** The sealer without the worker's processors, so nothing else seals while we measure. */
@Module({ imports: [CoreModule.forProcess('bench'), AuditModule], providers: [AuditSealer] })
class BenchModule {}

const N = Number(process.argv[2] ?? process.env.BENCH_AUDIT_EVENTS ?? 200_000);
const INGEST_SAMPLE = Math.min(N, 3_000);
const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_bench';

function rate(count: number, ms: number): number {
  return (count / ms) * 1000;
}

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');

async function prepare(url: string): Promise<ReturnType<typeof parseConfig>['database']> {
  const { database } = parseConfig({ DATABASE_URL: url });
  await recreateDatabase(database);
  const migrator = new DataSource(dataSourceOptions(database));
  await migrator.initialize();
  await migrator.runMigrations();
  await migrator.destroy();
  return database;
}

async function seed(connection: mysql.Connection, count: number, offset = 0): Promise<void> {
  const start = Date.now();
  for (let done = 0; done < count; done += 1000) {
    const size = Math.min(1000, count - done);
    const values: unknown[] = [];
    for (let i = 0; i < size; i++) {
      const n = offset + done + i;
      values.push(
        new Date(start + n),
        'staff',
        String(n % 50),
        `agent${n % 50}@example.com`,
        'auth.sign_in.succeeded',
        'staff',
        String(n % 50),
        '10.0.0.1',
        'Mozilla/5.0',
        JSON.stringify({ n, method: 'totp' }),
      );
    }
    await connection.query(
      `INSERT INTO audit_events (occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, ip, user_agent, details) VALUES ${Array(size).fill('(?,?,?,?,?,?,?,?,?,?)').join(',')}`,
      values,
    );
  }
}

/** The raw baseline: the least code that seals a chain — read, hash, one batched UPDATE. */
async function rawSeal(connection: mysql.Connection): Promise<number> {
  let sealed = 0;
  let seq = 0;
  let prev = '0'.repeat(64);
  for (;;) {
    await connection.beginTransaction();
    // Same index-friendly read as the product (ids from the (seq, id) index, then the rows), so the ratio measures our code.
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      'SELECT e.* FROM audit_events e JOIN (SELECT id FROM audit_events WHERE seq IS NULL ORDER BY id LIMIT 500) p ON p.id = e.id ORDER BY e.id',
    );
    if (rows.length === 0) {
      await connection.commit();
      return sealed;
    }
    const params: unknown[] = [];
    const seqs: unknown[] = [];
    const prevs: unknown[] = [];
    for (const row of rows) {
      const hash = createHash('sha256').update(prev).update(JSON.stringify(row)).digest('hex');
      seq += 1;
      seqs.push(row.id, seq);
      prevs.push(row.id, prev);
      params.push(row.id, hash);
      prev = hash;
    }
    const when = rows.map(() => 'WHEN ? THEN ?').join(' ');
    await connection.query(
      `UPDATE audit_events SET seq = CASE id ${when} END, prev_hash = CASE id ${when} END, hash = CASE id ${when} END, sealed_at = NOW(3) WHERE id IN (${rows.map(() => '?').join(',')})`,
      [...seqs, ...prevs, ...params, ...rows.map((row) => row.id)],
    );
    await connection.commit();
    sealed += rows.length;
  }
}

async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; ms: number }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await work();
    return { result, peakMb: peak / 2 ** 20, ms: performance.now() - start };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  const raw = await prepare(BASE_URL.replace(/\/(\w+)$/, '/$1_raw'));
  const product = await prepare(BASE_URL);
  Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: BASE_URL, QUEUE_PREFIX: `bench-${Date.now()}` });
  const worker = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const rawConnection = await mysql.createConnection({
    host: raw.host,
    port: raw.port,
    user: raw.username,
    password: raw.password,
    database: raw.database,
    timezone: 'Z',
  });
  const productConnection = await mysql.createConnection({
    host: product.host,
    port: product.port,
    user: product.username,
    password: product.password,
    database: product.database,
    timezone: 'Z',
  });
  try {
    const dataSource = worker.get(DataSource);
    const recorder = worker.get(AuditRecorder);
    const sealer = worker.get(AuditSealer);
    const verifier = worker.get(AuditVerifier);

    // 1. Ingest, one event per transaction.
    let start = performance.now();
    for (let i = 0; i < INGEST_SAMPLE; i++) {
      await rawConnection.query(
        "INSERT INTO audit_events (occurred_at, actor_type, action, details) VALUES (?, 'system', 'staff.updated', ?)",
        [new Date(), JSON.stringify({ n: i })],
      );
    }
    const rawIngest = rate(INGEST_SAMPLE, performance.now() - start);
    start = performance.now();
    for (let i = 0; i < INGEST_SAMPLE; i++) {
      await dataSource.transaction((manager) =>
        recorder.record(manager, { actor: SYSTEM_ACTOR, action: AuditAction.StaffUpdated, details: { n: i } }),
      );
    }
    const recorderIngest = rate(INGEST_SAMPLE, performance.now() - start);

    // 2. Sealing N (+ the ingest sample) events.
    await Promise.all([seed(rawConnection, N), seed(productConnection, N)]);
    start = performance.now();
    const rawSealed = await rawSeal(rawConnection);
    const rawSealRate = rate(rawSealed, performance.now() - start);
    start = performance.now();
    let sealed = 0;
    for (;;) {
      const round = await sealer.sealPending();
      sealed += round.sealed;
      if (round.ranAsSealer && round.sealed === 0) break;
    }
    const sealRate = rate(sealed, performance.now() - start);

    // 3. Verification at N, then at 5N.
    const small = await peakRss(() => verifier.verify('cli'));
    await seed(productConnection, 4 * N, N);
    for (;;) {
      const round = await sealer.sealPending();
      if (round.ranAsSealer && round.sealed === 0) break;
    }
    const large = await peakRss(() => verifier.verify('cli'));
    if (!small.result.ok || !large.result.ok) throw new Error('the benchmark chain did not verify');

    const lines = [
      `audit trail benchmark, N = ${fmt(N)} (MariaDB/MySQL at ${product.host}:${product.port})`,
      `  ingest, one event per transaction (${fmt(INGEST_SAMPLE)} events)`,
      `    raw mysql2 INSERT                 ${fmt(rawIngest).padStart(9)} events/s`,
      `    AuditRecorder in a transaction    ${fmt(recorderIngest).padStart(9)} events/s   ratio ${(recorderIngest / rawIngest).toFixed(2)}`,
      `  sealing (${fmt(sealed)} events, batches of 500)`,
      `    raw read + SHA-256 + UPDATE       ${fmt(rawSealRate).padStart(9)} events/s`,
      `    AuditSealer                       ${fmt(sealRate).padStart(9)} events/s   ratio ${(sealRate / rawSealRate).toFixed(2)} (target >= 0.5)`,
      `  verification`,
      `    ${fmt(small.result.events).padStart(9)} events   ${fmt(rate(small.result.events, small.ms)).padStart(9)} events/s   peak RSS ${small.peakMb.toFixed(0)} MiB`,
      `    ${fmt(large.result.events).padStart(9)} events   ${fmt(rate(large.result.events, large.ms)).padStart(9)} events/s   peak RSS ${large.peakMb.toFixed(0)} MiB`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rawConnection.end();
    await productConnection.end();
    await worker.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:audit failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
