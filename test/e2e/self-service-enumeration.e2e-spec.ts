import { PasswordHasher } from '@resetdesk/core';
import { createServer } from 'node:http';
import request, { type Response } from 'supertest';
import { resetState, startTestStack, TestStack } from '../support/test-stack';

const ROUNDS = 100;
/**
 * Where the suite judges timing (verify does database work that differs
 * by path, so it is checked here, not only in the bench): unknown/known
 * medians within this band on a shared machine; `bench:enumeration` holds
 * the 0.9–1.1 target.
 */
const RATIO_TOLERANCE = { min: 0.7, max: 1.4 };
/**
 * Every comparison here sends 200 to 400 requests one after another (change password: 240 argon2 verifications):
 * ~12 s on a quiet machine, past 30 s beside the heaviest files of a full run on a slower one.
 */
jest.setTimeout(120_000);
/** Headers that differ between any two requests (time, request id, the throttler's countdown). */
const VOLATILE = new Set(['date', 'x-request-id', 'x-ratelimit-remaining', 'x-ratelimit-reset']);

function answerOf(response: Response) {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !VOLATILE.has(name)));
  return { status: response.status, body: response.body as unknown, headers };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The anonymous routes must not tell whether an account exists: 100 known
 * and 100 unknown subjects each, interleaved, give identical status, body and
 * headers. The medians are printed; `npm run bench:enumeration` judges them.
 */
describe('self-service answers do not reveal which accounts exist', () => {
  let stack: TestStack;

  beforeAll(async () => {
    // No worker: what the worker does later is not what the caller sees.
    stack = await startTestStack({ worker: false });
    await resetState(stack);
    const now = new Date();
    const hash = await stack.api.get(PasswordHasher).hash('Known-password-2026!');
    await stack.dataSource.query(
      'INSERT INTO accounts (username, email, display_name, password_hash, password_changed_at, created_at, updated_at) VALUES ?',
      [Array.from({ length: ROUNDS }, (_, i) => [`known${i}`, `known${i}@example.com`, `Known ${i}`, hash, now, now, now])],
    );
  });

  afterAll(async () => {
    await resetState(stack);
    await stack.close();
  });

  async function compare(
    route: string,
    known: (i: number) => object,
    unknown: (i: number) => object,
    http = stack.http,
    rounds = ROUNDS,
  ): Promise<number> {
    const timings = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      const pairs: Array<['known' | 'unknown', object]> =
        i % 2 === 0
          ? [
              ['known', known(i)],
              ['unknown', unknown(i)],
            ]
          : [
              ['unknown', unknown(i)],
              ['known', known(i)],
            ];
      const answers: Record<string, ReturnType<typeof answerOf>> = {};
      for (const [kind, body] of pairs) {
        const start = performance.now();
        const response = await http.post(route).send(body);
        timings[kind].push(performance.now() - start);
        answers[kind] = answerOf(response);
      }
      expect(answers.unknown).toEqual(answers.known);
    }
    const [k, u] = [median(timings.known), median(timings.unknown)];
    console.log(`${route}: median known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms (ratio ${(u / k).toFixed(2)}) over ${rounds} each`);
    return u / k;
  }

  it('forgot-password', async () => {
    await compare(
      '/api/self-service/forgot-password',
      (i) => ({ email: `known${i}@example.com` }),
      (i) => ({ email: `ghost${i}@example.com` }),
    );
  });

  it('forgot-password verify with a wrong code: a known address with an open code costs what an unknown one does', async () => {
    // Every known account has a pending code; the code typed never matches it, so each known try is counted and audited.
    const now = new Date();
    await stack.dataSource.query(
      "INSERT INTO self_service_codes (account_id, request_id, code_hash, status, attempts, created_at, expires_at) SELECT id, CONCAT('enum-', id), ?, 'pending', 0, ?, ? FROM accounts",
      ['ab'.repeat(32), now, new Date(now.getTime() + 3_600_000)],
    );
    const attempt = (email: string) => ({ email, code: '000000', newPassword: 'Harbor-lantern-57-quiet' });
    // A server that stays listening: supertest's per-request listen would add tens of ms to both sides and hide the difference.
    const server = createServer(stack.api.getHttpAdapter().getInstance());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const [ratio, checkRatio] = await (async () => {
      const verify = await compare(
        '/api/self-service/forgot-password/verify',
        (i) => attempt(`known${i}@example.com`),
        (i) => attempt(`ghost${i}@example.com`),
        request(server),
      );
      expect(Number((await stack.dataSource.query('SELECT SUM(attempts) AS n FROM self_service_codes'))[0].n)).toBe(ROUNDS);
      // Checking the code alone, before the new password, is the same lookup and the same counted try.
      const check = await compare(
        '/api/self-service/forgot-password/check-code',
        (i) => ({ email: `known${i}@example.com`, code: '000000' }),
        (i) => ({ email: `ghost${i}@example.com`, code: '000000' }),
        request(server),
      );
      return [verify, check];
    })().finally(() => new Promise((resolve) => server.close(resolve)));
    expect(ratio).toBeGreaterThanOrEqual(RATIO_TOLERANCE.min);
    expect(ratio).toBeLessThanOrEqual(RATIO_TOLERANCE.max);
    expect(Number((await stack.dataSource.query('SELECT SUM(attempts) AS n FROM self_service_codes'))[0].n)).toBe(2 * ROUNDS);
    expect(checkRatio).toBeGreaterThanOrEqual(RATIO_TOLERANCE.min);
    expect(checkRatio).toBeLessThanOrEqual(RATIO_TOLERANCE.max);
  });

  it('contact support', async () => {
    const ask = (email: string) => ({ email, subject: 'Cannot sign in', description: 'Locked out since Monday' });
    await compare(
      '/api/self-service/tickets',
      (i) => ask(`known${i}@example.com`),
      (i) => ask(`ghost${i}@example.com`),
    );
  });

  it('change password with a wrong current password', async () => {
    const change = (username: string) => ({
      username,
      currentPassword: 'Wrong-password-2026!',
      newPassword: 'Harbor-lantern-57-quiet',
      confirmPassword: 'Harbor-lantern-57-quiet',
    });
    await compare(
      '/api/self-service/change-password',
      (i) => change(`known${i}`),
      (i) => change(`ghost${i}`),
    );
    // The page's first step is the same proof (fewer rounds: each is an argon2 verification, and the path is shared).
    await compare(
      '/api/self-service/change-password/verify',
      (i) => ({ username: `known${50 + i}`, currentPassword: 'Wrong-password-2026!' }),
      (i) => ({ username: `ghost${50 + i}`, currentPassword: 'Wrong-password-2026!' }),
      stack.http,
      20,
    );
  });
});

describe('per-address limits cannot be dodged with X-Forwarded-For', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
    await resetState(stack);
  });

  afterAll(async () => {
    await resetState(stack);
    await stack.close();
  });

  it('counts every request from this client, whatever address it claims to forward for', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await stack.http
        .post('/api/self-service/forgot-password')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .set('Forwarded', `for=198.51.100.${i + 1}`)
        .send({ email: `someone${i}@example.com` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });
});
