import { createStaff } from '../support/staff';
import { resetState, startTestStack, TestStack } from '../support/test-stack';

const LIMIT = 6;
const ENV = { AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) };

const wrongSignIn = (stack: TestStack, i: number) =>
  // A different unknown member each time: only the per-address limit can refuse these, not a member's lock.
  stack.http.post('/api/auth/login').send({ email: `nobody-${i}@example.com`, password: 'not-the-password-at-all' });

// Two API instances on one database and one Redis, as behind a load balancer: the per-address limits of every
// route count in Redis, so two instances enforce the same budget as one.
describe('per-address limits shared by every API instance', () => {
  let first: TestStack;
  let second: TestStack;

  beforeAll(async () => {
    first = await startTestStack({ worker: false, env: ENV });
    second = await startTestStack({ worker: false, env: ENV });
  });

  beforeEach(() => resetState(first));

  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('refuses the attempt after the limit on whichever instance receives it, and says when to come back', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await wrongSignIn(i % 2 === 0 ? first : second, i)).status);
    expect(statuses).toEqual(Array(LIMIT).fill(401));

    for (const stack of [first, second]) {
      const refused = await wrongSignIn(stack, 99).expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.body).toMatchObject({
        statusCode: 429,
        message: expect.stringMatching(/^Too many sign-in requests from this address/),
      });
    }
  });

  it('lets exactly the limit through a burst of 50 wrong and 1 right sign-ins spread over both instances', async () => {
    const member = await createStaff(first, 'agent');
    const burst = Array.from({ length: 51 }, (_, i) =>
      i === 25
        ? first.http.post('/api/auth/login').send({ email: member.email, password: member.password })
        : wrongSignIn(i % 2 === 0 ? first : second, i),
    );
    const statuses = (await Promise.all(burst)).map((response) => response.status);
    expect(statuses.filter((status) => status !== 429)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(51 - LIMIT);
    // The right password either came within the budget (and signed in) or was refused unevaluated.
    expect([200, 429]).toContain(statuses[25]);
  });

  it('shares the self-service budget too: forgot-password requests over both instances count as one', async () => {
    const forgot = (stack: TestStack, i: number) =>
      stack.http.post('/api/self-service/forgot-password').send({ email: `someone-${i}@example.com` });
    for (let i = 0; i < LIMIT; i++) await forgot(i % 2 === 0 ? second : first, i).expect(202);
    await forgot(first, 100).expect(429);
    await forgot(second, 101).expect(429);
  });

  it('keeps the count when an instance restarts: a new process finds the address still limited', async () => {
    for (let i = 0; i < LIMIT; i++) await wrongSignIn(first, i).expect(401);
    const restarted = await startTestStack({ worker: false, env: ENV });
    try {
      await wrongSignIn(restarted, 7).expect(429);
    } finally {
      await restarted.close();
    }
  });
});
