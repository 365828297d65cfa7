import autocannon from 'autocannon';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Pool } from 'mysql2/promise';

/** What bench:otp and bench:sizing share: pending challenges to guess at, the wrong-code load and its raw baseline. */
export const RIGHT_CODE = '424242';
export const WRONG_CODE = '000000';
const MAX_ATTEMPTS = 5;
/** Counted as 422 each; a 5th would lock the challenge (423). */
export const TRIES_PER_CHALLENGE = 4;

export interface LoadResult {
  requestsPerSecond: number;
  p99: number;
  statuses: Record<string, number>;
}

/** One account, ticket and pending challenge (the right code's HMAC) per ticket id 1..count, by multi-row INSERT. */
export async function insertPendingChallenges(pool: Pool, count: number, agentId: number, rightCodeHash: string): Promise<void> {
  const now = new Date();
  const expires = new Date(now.getTime() + 3_600_000);
  const ids = Array.from({ length: count }, (_, index) => index + 1);
  for (let start = 0; start < count; start += 1000) {
    const batch = ids.slice(start, start + 1000);
    await pool.query('INSERT INTO accounts (id, username, email, display_name, created_at, updated_at) VALUES ?', [
      batch.map((id) => [id, `user${id}`, `user${id}@example.com`, `User ${id}`, now, now]),
    ]);
    await pool.query('INSERT INTO tickets (id, account_id, subject, description, channel, status, created_at, updated_at) VALUES ?', [
      batch.map((id) => [id, id, 'Locked out', '', 'phone', 'verifying', now, now]),
    ]);
    await pool.query(
      'INSERT INTO verification_challenges (ticket_id, account_id, channel, code_hash, status, attempts, issued_by_staff_id, created_at, expires_at) VALUES ?',
      [batch.map((id) => [id, id, 'email', rightCodeHash, 'pending', 0, agentId, now, expires])],
    );
  }
}

export async function resetChallenges(pool: Pool): Promise<void> {
  await pool.query("UPDATE verification_challenges SET attempts = 0, status = 'pending'");
}

/** Fires `tickets` × 4 wrong codes, ticket ids round-robin, and counts the answers by status. */
export async function wrongCodeLoad(
  url: string,
  headers: Record<string, string>,
  tickets: number,
  connections: number,
): Promise<LoadResult> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    amount: tickets * TRIES_PER_CHALLENGE,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => ({
          ...request,
          path: `/api/tickets/${(next++ % tickets) + 1}/otp/verify`,
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

/**
 * The raw baseline of a wrong code: the same indexed lookup, constant-time compare, atomic conditional count and
 * answer shape as POST /api/tickets/:id/otp/verify, on bare node:http and mysql2.
 */
export function rawWrongCodeHandler(pool: Pool, hmac: (code: string) => string) {
  return (req: IncomingMessage, res: ServerResponse, body: string): void => {
    void (async () => {
      const ticketId = Number(/^\/api\/tickets\/(\d+)\/otp\/verify$/.exec(req.url ?? '')?.[1]);
      const { code } = JSON.parse(body) as { code: string };
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
  };
}

/** A request's whole body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
