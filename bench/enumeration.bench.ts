/**
 * npm run bench:enumeration — does forgot-password take as long for an
 * address nobody uses as for one that belongs to an account?
 *
 * 500 requests each for known and unknown addresses (all different, so the
 * per-address limits never trigger), interleaved known/unknown so drift in
 * the machine hits both alike, through the real API over HTTP. Prints both
 * medians and p90s and their ratios (target 0.9–1.1).
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApi } from '../apps/api/src/create-api';
import { QueueName } from '../libs/core/src';
import { freshBenchDatabase } from './bench-database';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  await freshBenchDatabase({ AUTH_RATE_LIMIT_PER_MINUTE: '10000' });
  const api = await createApi();
  const now = new Date();
  await api.get(DataSource).query('INSERT INTO accounts (username, email, display_name, created_at, updated_at) VALUES ?', [
    Array.from({ length: ROUNDS + 20 }, (_, i) => [`known${i}`, `known${i}@example.com`, `Known ${i}`, now, now]),
  ]);
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}/api/self-service/forgot-password`;
  const ask = async (email: string): Promise<number> => {
    const start = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email }) });
    await response.text();
    if (response.status !== 202) throw new Error(`unexpected ${response.status} for ${email}`);
    return performance.now() - start;
  };
  try {
    for (let i = 0; i < 20; i++) await ask(`known${ROUNDS + i}@example.com`); // warm-up
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        known.push(await ask(`known${i}@example.com`));
        unknown.push(await ask(`ghost${i}@example.com`));
      } else {
        unknown.push(await ask(`ghost${i}@example.com`));
        known.push(await ask(`known${i}@example.com`));
      }
    }
    const row = (label: string, values: number[]) => `  ${label.padEnd(18)} median ${percentile(values, 50).toFixed(2).padStart(6)} ms   p90 ${percentile(values, 90).toFixed(2).padStart(6)} ms\n`;
    process.stdout.write(`POST /api/self-service/forgot-password, ${ROUNDS} known and ${ROUNDS} unknown addresses, interleaved\n`);
    process.stdout.write(row('known address', known));
    process.stdout.write(row('unknown address', unknown));
    process.stdout.write(`  ratio unknown / known: median ${(percentile(unknown, 50) / percentile(known, 50)).toFixed(2)}, p90 ${(percentile(unknown, 90) / percentile(known, 90)).toFixed(2)}  (target 0.9–1.1)\n`);
  } finally {
    await api.get<Queue>(getQueueToken(QueueName.SelfService)).obliterate({ force: true });
    await api.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:enumeration failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
