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
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { createPool } from 'mysql2/promise';
import { createApi } from '../apps/api/src/create-api';
import { deriveKey } from '@resetdesk/core';
import { StaffService } from '@resetdesk/staff';
import { freshBenchDatabase, rawConnectionOptions } from './bench-database';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const TRIES_PER_CHALLENGE = 4; // counted as 422; a 5th would lock it (423)
const RIGHT_CODE = '424242';
const WRONG_CODE = '000000';
const MAX_ATTEMPTS = 5;

interface LoadResult {
  requestsPerSecond: number;
  p99: number;
  statuses: Record<string, number>;
}

/** Fires TICKETS × 4 wrong codes, ticket ids round-robin, and counts the answers by status. */
async function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount: TICKETS * TRIES_PER_CHALLENGE,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => ({
          ...request,
          path: `/api/tickets/${(next++ % TICKETS) + 1}/otp/verify`,
          body: JSON.stringify({ code: WRONG_CODE }),
        }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  // Total over elapsed time: autocannon's per-second average is too coarse for runs of a few seconds.
  return { requestsPerSecond: result.requests.total / result.duration, p99: result.latency.p99, statuses };
}

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
      .create(null, { email: 'bench-agent@example.com', name: 'Bench Agent', role: 'agent', password: 'Bench-password-123' }, null);
    const login = await fetch(`${apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-agent@example.com', password: 'Bench-password-123' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    // One account, ticket and pending challenge per ticket id 1..TICKETS, by multi-row INSERT.
    const now = new Date();
    const expires = new Date(now.getTime() + 3_600_000);
    const ids = Array.from({ length: TICKETS }, (_, index) => index + 1);
    for (let start = 0; start < TICKETS; start += 1000) {
      const batch = ids.slice(start, start + 1000);
      await pool.query('INSERT INTO accounts (id, username, email, display_name, created_at, updated_at) VALUES ?', [
        batch.map((id) => [id, `user${id}`, `user${id}@example.com`, `User ${id}`, now, now]),
      ]);
      await pool.query('INSERT INTO tickets (id, account_id, subject, description, channel, status, created_at, updated_at) VALUES ?', [
        batch.map((id) => [id, id, 'Locked out', '', 'phone', 'verifying', now, now]),
      ]);
      await pool.query(
        'INSERT INTO verification_challenges (ticket_id, account_id, channel, code_hash, status, attempts, issued_by_staff_id, created_at, expires_at) VALUES ?',
        [batch.map((id) => [id, id, 'email', hmac(RIGHT_CODE), 'pending', 0, agent.id, now, expires])],
      );
    }
    const resetChallenges = () => pool.query("UPDATE verification_challenges SET attempts = 0, status = 'pending'");

    // The raw baseline: same lookup, same compare, same atomic count, same answer shape.
    const raw = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const ticketId = Number(/^\/api\/tickets\/(\d+)\/otp\/verify$/.exec(req.url ?? '')?.[1]);
          const { code } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code: string };
          const [rows] = await pool.query(
            'SELECT id, code_hash, status, attempts FROM verification_challenges WHERE ticket_id = ? ORDER BY id DESC LIMIT 1',
            [ticketId],
          );
          const challenge = (rows as Array<{ id: number; code_hash: string; status: string; attempts: number }>)[0]!;
          if (timingSafeEqual(Buffer.from(challenge.code_hash, 'hex'), Buffer.from(hmac(code), 'hex')))
            throw new Error('the bench only sends wrong codes');
          await pool.query(
            "UPDATE verification_challenges SET status = IF(attempts + 1 >= ?, 'locked', status), attempts = attempts + 1 WHERE id = ? AND status = 'pending' AND attempts < ?",
            [MAX_ATTEMPTS, challenge.id, MAX_ATTEMPTS],
          );
          const [[after]] = (await pool.query('SELECT attempts FROM verification_challenges WHERE id = ?', [challenge.id])) as unknown as [
            [{ attempts: number }],
          ];
          const attemptsLeft = MAX_ATTEMPTS - after.attempts;
          res.writeHead(attemptsLeft > 0 ? 422 : 423, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              statusCode: 422,
              error: 'Unprocessable Entity',
              message: `Wrong code; ${attemptsLeft} attempt(s) left`,
              attemptsLeft,
            }),
          );
        })().catch((error: Error) => {
          res.writeHead(500);
          res.end(error.message);
        });
      });
    });
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
