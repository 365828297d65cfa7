/**
 * npm run bench:enumeration — do the forgot-password routes take as long for
 * an address nobody uses as for one that belongs to an account?
 *
 * - POST /api/self-service/forgot-password: 500 requests each (BENCH_ROUNDS).
 * - POST /api/self-service/forgot-password/verify with a wrong code: 30 each
 *   (BENCH_VERIFY_ROUNDS), the known addresses each with an open code, so a
 *   known address gets its try counted and audited.
 *
 * All addresses are different, so the per-address limits never trigger;
 * known and unknown are interleaved so drift in the machine hits both alike,
 * through the real API over HTTP. Prints both medians and p90s and their
 * ratios (target 0.9–1.1).
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApi } from '../apps/api/src/create-api';
import { QueueName } from '@resetdesk/core';
import { freshBenchDatabase } from './bench-database';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500);
const VERIFY_ROUNDS = Number(process.env.BENCH_VERIFY_ROUNDS ?? 30);
const WARM_UP = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

type Ask = (email: string) => Promise<number>;

/** Interleaved known/unknown timings of one route, printed as a block. */
async function compare(route: string, rounds: number, ask: Ask, known: (i: number) => string): Promise<void> {
  for (let i = 0; i < WARM_UP; i++) await ask(known(rounds + i));
  const timings = { known: [] as number[], unknown: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const order: Array<'known' | 'unknown'> = i % 2 === 0 ? ['known', 'unknown'] : ['unknown', 'known'];
    for (const kind of order)
      timings[kind].push(await ask(kind === 'known' ? known(i) : `ghost${i}-${randomBytes(3).toString('hex')}@example.com`));
  }
  const row = (label: string, values: number[]) =>
    `  ${label.padEnd(18)} median ${percentile(values, 50).toFixed(2).padStart(6)} ms   p90 ${percentile(values, 90).toFixed(2).padStart(6)} ms\n`;
  const ratio = (p: number) => (percentile(timings.unknown, p) / percentile(timings.known, p)).toFixed(2);
  process.stdout.write(`POST ${route}, ${rounds} known and ${rounds} unknown addresses, interleaved\n`);
  process.stdout.write(row('known address', timings.known));
  process.stdout.write(row('unknown address', timings.unknown));
  process.stdout.write(`  ratio unknown / known: median ${ratio(50)}, p90 ${ratio(90)}  (target 0.9–1.1)\n`);
}

async function main(): Promise<void> {
  await freshBenchDatabase({ AUTH_RATE_LIMIT_PER_MINUTE: '10000' });
  const api = await createApi();
  const dataSource = api.get(DataSource);
  const now = new Date();
  const accounts = Math.max(ROUNDS, VERIFY_ROUNDS) + WARM_UP;
  await dataSource.query('INSERT INTO accounts (username, email, display_name, created_at, updated_at) VALUES ?', [
    Array.from({ length: accounts }, (_, i) => [`known${i}`, `known${i}@example.com`, `Known ${i}`, now, now]),
  ]);
  // An open code for every known account whose verify is timed: the wrong one typed never matches it.
  await dataSource.query(
    "INSERT INTO self_service_codes (account_id, request_id, code_hash, status, attempts, created_at, expires_at) SELECT id, CONCAT('bench-', id), ?, 'pending', 0, ?, ? FROM accounts",
    [randomBytes(32).toString('hex'), now, new Date(now.getTime() + 3_600_000)],
  );
  await api.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}/api/self-service`;
  const post = (path: string, expected: number) => async (email: string, body: object) => {
    const start = performance.now();
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, ...body }),
    });
    await response.text();
    if (response.status !== expected) throw new Error(`unexpected ${response.status} for ${email} on ${path}`);
    return performance.now() - start;
  };
  const request = post('/forgot-password', 202);
  const verify = post('/forgot-password/verify', 422);
  try {
    await compare(
      '/api/self-service/forgot-password',
      ROUNDS,
      (email) => request(email, {}),
      (i) => `known${i}@example.com`,
    );
    await compare(
      '/api/self-service/forgot-password/verify (wrong code)',
      VERIFY_ROUNDS,
      (email) => verify(email, { code: '000000', newPassword: 'Harbor-lantern-57-quiet' }),
      (i) => `known${i}@example.com`,
    );
  } finally {
    await api.get<Queue>(getQueueToken(QueueName.SelfService)).obliterate({ force: true });
    await api.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:enumeration failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
