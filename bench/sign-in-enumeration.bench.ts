/**
 * npm run bench:sign-in — can staff sign-in timing tell a real email from
 * an unknown one, or a paused (locked) member from an active one?
 *
 * Four kinds of POST /api/auth/login through the real API over HTTP:
 * a wrong password for a known member (a different member each time, so
 * none is paused), an unknown email, any password for a member whose
 * address is paused after five failures, and any password for a member
 * locked everywhere (the member-wide ceiling, reached from four addresses
 * behind the trusted proxy). Interleaved, rotating the order,
 * so drift in the machine hits all alike. Prints medians, p90s and the
 * ratios to the known-wrong case (target 0.9–1.1).
 */
import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApi } from '../apps/api/src/create-api';
import { StaffRepository, StaffService } from '@resetdesk/staff';
import { freshBenchDatabase } from './bench-database';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const PASSWORD = 'Bench-lantern-meadow-41';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  // Loopback is the trusted proxy: the lockout phase signs in "from" other addresses through X-Forwarded-For.
  await freshBenchDatabase({ MFA_REQUIRED_ROLES: '', AUTH_RATE_LIMIT_PER_MINUTE: '10000', TRUST_PROXY: '127.0.0.1' });
  const api = await createApi();
  await api.get(StaffService).create(null, { email: 'paused@example.com', name: 'Paused Member', role: 'agent', password: PASSWORD }, null);
  await api.get(StaffService).create(null, { email: 'locked@example.com', name: 'Locked Member', role: 'agent', password: PASSWORD }, null);
  const { passwordHash } = (await api.get(StaffRepository).findByEmail('paused@example.com'))!;
  const now = new Date();
  // One argon2 hash shared by every member: the same verification cost, without hashing hundreds of passwords.
  await api
    .get(DataSource)
    .query('INSERT INTO staff (email, name, role, password_hash, password_changed_at, created_at, updated_at) VALUES ?', [
      Array.from({ length: ROUNDS + 10 }, (_, i) => [`known${i}@example.com`, `Known ${i}`, 'agent', passwordHash, now, now, now]),
    ]);
  await api.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}/api/auth/login`;
  const attempt = async (email: string, password: string, from?: string): Promise<number> => {
    const start = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(from ? { 'X-Forwarded-For': from } : {}) },
      body: JSON.stringify({ email, password }),
    });
    await response.text();
    if (response.status !== 401) throw new Error(`unexpected ${response.status} for ${email}`);
    return performance.now() - start;
  };
  try {
    for (let i = 0; i < 5; i++) await attempt('paused@example.com', 'Wrong-guess-password'); // pauses the address for this member
    // Five from each of four addresses: the member-wide ceiling (20), so every address is locked for this member.
    for (let address = 1; address <= 4; address++)
      for (let i = 0; i < 5; i++) await attempt('locked@example.com', 'Wrong-guess-password', `203.0.113.${address}`);
    for (let i = 0; i < 10; i++) await attempt(`known${ROUNDS + i}@example.com`, 'Wrong-guess-password'); // warm-up
    const samples = { knownWrong: [] as number[], unknown: [] as number[], paused: [] as number[], locked: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      const runs: Array<() => Promise<void>> = [
        async () => void samples.knownWrong.push(await attempt(`known${i}@example.com`, 'Wrong-guess-password')),
        async () => void samples.unknown.push(await attempt(`ghost${i}@example.com`, 'Wrong-guess-password')),
        async () => void samples.paused.push(await attempt('paused@example.com', i % 2 ? PASSWORD : 'Wrong-guess-password')),
        async () => void samples.locked.push(await attempt('locked@example.com', i % 2 ? PASSWORD : 'Wrong-guess-password')),
      ];
      for (let k = 0; k < runs.length; k++) await runs[(i + k) % runs.length]!();
    }
    const base = samples.knownWrong;
    const row = (label: string, values: number[]) =>
      `  ${label.padEnd(28)} median ${percentile(values, 50).toFixed(2).padStart(6)} ms   p90 ${percentile(values, 90).toFixed(2).padStart(6)} ms` +
      (values === base
        ? '\n'
        : `   ratio to known-wrong: median ${(percentile(values, 50) / percentile(base, 50)).toFixed(2)}, p90 ${(percentile(values, 90) / percentile(base, 90)).toFixed(2)}\n`);
    process.stdout.write(`POST /api/auth/login, ${ROUNDS} of each kind, interleaved (target ratios 0.9–1.1)\n`);
    process.stdout.write(row('known email, wrong password', samples.knownWrong));
    process.stdout.write(row('unknown email', samples.unknown));
    process.stdout.write(row('paused member (any password)', samples.paused));
    process.stdout.write(row('locked everywhere (any)', samples.locked));
  } finally {
    await api.close();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:sign-in failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
