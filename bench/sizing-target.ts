/**
 * What bench:sizing measures, started by it on one CPU core (taskset): `api` is the real API, `raw` the raw
 * baselines of the same three requests on bare node:http. Prints `{"port":N}` once listening; SIGTERM ends it.
 * The environment (database, queue prefix, limits) comes from bench:sizing.
 */
import 'reflect-metadata';
import argon2 from 'argon2';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { createPool, Pool } from 'mysql2/promise';
import { DataCipher, deriveKey, parseConfig, redisOptions } from '@resetdesk/core';
import { createApi } from '../apps/api/src/create-api';
import { rawConnectionOptions } from './bench-database';
import { rawWrongCodeHandler, readBody } from './otp-fixtures';

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Sign-in's floor: the member's row and one argon2id verification. */
function rawSignIn(pool: Pool) {
  return async (_req: IncomingMessage, res: ServerResponse, body: string) => {
    const { email, password } = JSON.parse(body) as { email: string; password: string };
    const [rows] = await pool.query('SELECT id, password_hash FROM staff WHERE email = ?', [email]);
    const member = (rows as Array<{ id: number; password_hash: string }>)[0];
    if (!member || !(await argon2.verify(member.password_hash, password))) return json(res, 401, { message: 'wrong' });
    json(res, 200, { id: member.id });
  };
}

/** A forgot-password request's floor: two per-address counters, the sealed payload, its row and its job. */
function rawForgotPassword(pool: Pool, redis: Redis, queue: Queue, cipher: DataCipher) {
  return async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const { email } = JSON.parse(body) as { email: string };
    await redis
      .multi()
      .incr(`raw:resend:${email}`)
      .pexpire(`raw:resend:${email}`, 60_000)
      .incr(`raw:hourly:${email}`)
      .pexpire(`raw:hourly:${email}`, 3_600_000)
      .exec();
    const sealed = cipher.encryptJson({ email, ip: req.socket.remoteAddress });
    const requestId = randomUUID();
    const now = new Date();
    await pool.query(
      "INSERT INTO portal_requests (request_id, kind, payload, status, created_at, queued_at) VALUES (?, 'forgot-password', ?, 'queued', ?, ?)",
      [requestId, sealed, now, now],
    );
    await queue.add('raw-forgot-password', { requestId }, { jobId: requestId, removeOnComplete: true });
    res.writeHead(202);
    res.end();
  };
}

async function startRaw(): Promise<{ port: number; close: () => Promise<void> }> {
  const config = parseConfig(process.env);
  const pool = createPool({ ...rawConnectionOptions(config.database), connectionLimit: 10 });
  const redis = new Redis(redisOptions(config.redis));
  const queue = new Queue('sizing-raw', { connection: redisOptions(config.redis), prefix: config.redis.queuePrefix });
  const codeKey = deriveKey(config.security.dataKey, 'verification-codes');
  const routes: Array<[RegExp, (req: IncomingMessage, res: ServerResponse, body: string) => unknown]> = [
    [/^\/api\/auth\/login$/, rawSignIn(pool)],
    [/^\/api\/tickets\/\d+\/otp\/verify$/, rawWrongCodeHandler(pool, (code) => createHmac('sha256', codeKey).update(code).digest('hex'))],
    [/^\/api\/self-service\/forgot-password$/, rawForgotPassword(pool, redis, queue, new DataCipher(config.security))],
  ];
  // Requests still being answered when the load stops: closing waits for them, so none writes to a closed pool.
  const inFlight = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    const route = routes.find(([path]) => path.test(req.url ?? ''));
    if (!route) return json(res, 404, {});
    const answer = readBody(req)
      .then((body) => route[1](req, res, body))
      .catch((error: Error) => json(res, 500, { message: error.message }))
      .finally(() => inFlight.delete(answer));
    inFlight.add(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeIdleConnections();
      await Promise.all(inFlight);
      await closed;
      await Promise.all([pool.end(), queue.close(), redis.quit()]);
    },
  };
}

async function startApi(): Promise<{ port: number; close: () => Promise<void> }> {
  const api = await createApi();
  await api.listen(0, '127.0.0.1');
  return { port: (api.getHttpServer().address() as AddressInfo).port, close: () => api.close() };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'api' && mode !== 'raw') throw new Error('usage: sizing-target.js api|raw');
  const target = mode === 'api' ? await startApi() : await startRaw();
  process.once('SIGTERM', () => void target.close().then(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ port: target.port })}\n`);
}

main().catch((error) => {
  process.stderr.write(`sizing target failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
