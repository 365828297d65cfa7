/**
 * npm run bench:otp — how fast wrong codes are counted under load.
 *
 * Measured: POST /api/tickets/:id/otp/verify through the real API (JWT and
 * session check, validation, challenge lookup, HMAC compare, the atomic
 * attempt UPDATE, the audit event, the 422 answer), driven by autocannon
 * with wrong codes spread over many challenges, so nearly every request is
 * a counted try (4 per challenge; the 5th locks it).
 * Baseline: a bare node:http server in the same process doing the same
 * indexed SELECT, HMAC compare and conditional UPDATE with mysql2.
 * Prints requests/s, p99 latency and the ratio product / baseline.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { createPool } from 'mysql2/promise';
import { createApi } from '../apps/api/src/create-api';
import { deriveKey } from '@resetdesk/core';
import { StaffService } from '@resetdesk/staff';
import { freshBenchDatabase, rawConnectionOptions } from './bench-database';
import {
  insertPendingChallenges,
  rawWrongCodeHandler,
  readBody,
  resetChallenges as resetAll,
  RIGHT_CODE,
  TRIES_PER_CHALLENGE,
  WRONG_CODE,
  wrongCodeLoad,
} from './otp-fixtures';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

const load = (url: string, headers: Record<string, string>) => wrongCodeLoad(url, headers, TICKETS, CONNECTIONS);

async function main(): Promise<void> {
  const config = await freshBenchDatabase({ MFA_REQUIRED_ROLES: '', AUTH_RATE_LIMIT_PER_MINUTE: '10000' });

  const pool = createPool({
    ...rawConnectionOptions(config.database),
    connectionLimit: 10,
  });
  const codeKey = deriveKey(config.security.dataKey, 'verification-codes');
  const hmac = (code: string) => createHmac('sha256', codeKey).update(code).digest('hex');

  const api = await createApi();
  await api.listen(0, '127.0.0.1');
  const apiUrl = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
  try {
    const agent = await api
      .get(StaffService)
      .create(null, { email: 'bench-agent@example.com', name: 'Bench Agent', role: 'agent', password: 'Copper-lantern-57-quiet' }, null);
    const login = await fetch(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-agent@example.com', password: 'Copper-lantern-57-quiet' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    await insertPendingChallenges(pool, TICKETS, agent.id, hmac(RIGHT_CODE));
    const resetChallenges = () => resetAll(pool);

    // The raw baseline: same lookup, same compare, same atomic count, same answer shape.
    const wrongCode = rawWrongCodeHandler(pool, hmac);
    const raw = createServer((req, res) => void readBody(req).then((body) => wrongCode(req, res, body)));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;

    // Warm both up on a few tickets, then measure each on fresh challenges.
    await autocannon({
      url: `${rawUrl}/api/tickets/1/otp/verify`,
      method: 'POST',
      body: JSON.stringify({ code: WRONG_CODE }),
      amount: 200,
      connections: 5,
    });
    await autocannon({
      url: `${apiUrl}/api/tickets/1/otp/verify`,
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: WRONG_CODE }),
      amount: 200,
      connections: 5,
    });
    await resetChallenges();
    const baseline = await load(rawUrl, {});
    await resetChallenges();
    const product = await load(apiUrl, { authorization: `Bearer ${accessToken}` });
    const [[counted]] = (await pool.query(
      'SELECT SUM(attempts) AS tries, SUM(status = "locked") AS locked FROM verification_challenges',
    )) as unknown as [[{ tries: string; locked: string }]];
    raw.close();

    process.stdout.write(`wrong codes over ${TICKETS} challenges, ${TICKETS * TRIES_PER_CHALLENGE} requests, ${CONNECTIONS} connections\n`);
    for (const [label, run] of [
      ['raw node:http + mysql2 (baseline)', baseline],
      ['POST /api/tickets/:id/otp/verify', product],
    ] as const) {
      process.stdout.write(
        `  ${label.padEnd(36)} ${run.requestsPerSecond.toFixed(0).padStart(6)} req/s   p99 ${String(run.p99).padStart(4)} ms   answers ${JSON.stringify(run.statuses)}\n`,
      );
    }
    process.stdout.write(`  tries counted by the product run: ${counted.tries}, challenges locked: ${counted.locked}\n`);
    process.stdout.write(
      `  ratio product / baseline            ${(product.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}  (target ≥ 0.5)\n`,
    );
  } finally {
    await api.close();
    await pool.end();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:otp failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
