/**
 * npm run bench:auth — what a staff sign-in costs on this machine.
 *
 * Baseline: one raw argon2id verification with the same parameters (the
 * unavoidable part). Measured: the whole POST /api/auth/login through the
 * real API (validation, throttling, lookup, verify, session, audit, JWT).
 * Prints medians and the ratio baseline / sign-in (1.0 = no overhead).
 */
import 'reflect-metadata';
import argon2 from 'argon2';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { ARGON2_OPTIONS } from '@resetdesk/core';
import { freshBenchDatabase } from './bench-database';
import { createApi } from '../apps/api/src/create-api';
import { StaffService } from '@resetdesk/staff';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(rounds: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  await freshBenchDatabase({ MFA_REQUIRED_ROLES: '', AUTH_RATE_LIMIT_PER_MINUTE: '10000' });

  const api = await createApi();
  await api.init();
  try {
    const password = 'Copper-lantern-57-quiet';
    await api.get(StaffService).create(null, { email: 'bench@example.com', name: 'Bench', role: 'agent', password }, null);
    const hash = await argon2.hash(password, ARGON2_OPTIONS);
    const http = request(api.getHttpServer());

    const hashMs = await time(ROUNDS, () => argon2.hash(password, ARGON2_OPTIONS));
    const verifyMs = await time(ROUNDS, () => argon2.verify(hash, password));
    const signInMs = await time(ROUNDS, async () => {
      const response = await http.post('/api/auth/login').send({ email: 'bench@example.com', password });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
    });
    const unknownMs = await time(ROUNDS, async () => {
      const response = await http.post('/api/auth/login').send({ email: 'nobody@example.com', password });
      if (response.status !== 401) throw new Error(`unexpected ${response.status}`);
    });

    const rows = [
      ['argon2id hash (m=19 MiB, t=2, p=1)', hashMs],
      ['argon2id verify (baseline)', verifyMs],
      ['POST /api/auth/login, right password', signInMs],
      ['POST /api/auth/login, unknown email', unknownMs],
    ] as const;
    process.stdout.write(`staff sign-in, median of ${ROUNDS} rounds\n`);
    for (const [label, ms] of rows) process.stdout.write(`  ${label.padEnd(40)} ${ms.toFixed(1).padStart(7)} ms\n`);
    process.stdout.write(
      `  ratio verify / sign-in                    ${(verifyMs / signInMs).toFixed(2)}  (1.00 = sign-in costs only the hash)\n`,
    );
    process.stdout.write(
      `  ratio unknown / known email               ${(unknownMs / signInMs).toFixed(2)}  (near 1.00 = no timing signal for enumeration)\n`,
    );
  } finally {
    await api.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:auth failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
