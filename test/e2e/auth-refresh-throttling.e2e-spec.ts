import { StaffSessionRepository } from '@resetdesk/staff';
import { createStaff, refreshCookieOf, TestStaff } from '../support/staff';
import { resetState, startTestStack, TestStack } from '../support/test-stack';

const LIMIT = 4;

// Every page load of the admin UI refreshes once: a desk behind one office address must not share one budget.
describe('refresh throttling', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    await resetState(stack);
  });

  afterAll(() => stack.close());
  afterEach(() => jest.restoreAllMocks());

  const refresh = (cookie?: string) => {
    const call = stack.http.post('/api/auth/refresh');
    return cookie === undefined ? call : call.set('Cookie', `resetdesk_refresh=${cookie}`);
  };
  const signInCookie = async (member: TestStaff) =>
    refreshCookieOf(await stack.http.post('/api/auth/login').send({ email: member.email, password: member.password }).expect(200));

  it('answers refreshes without a session cookie 401 without a lookup and without spending the address budget', async () => {
    const lookups = jest.spyOn(stack.api.get(StaffSessionRepository), 'findActive');
    for (let i = 0; i < LIMIT * 5; i++) {
      const answer = await refresh(i % 2 === 0 ? undefined : 'not-a-session').expect(401);
      expect(answer.body).toMatchObject({ statusCode: 401, message: 'Your session has ended; sign in again' });
    }
    expect(lookups).not.toHaveBeenCalled();

    // The sign-in form still works from that address afterwards.
    const member = await createStaff(stack, 'agent');
    await refresh(await signInCookie(member)).expect(200);
  });

  it('limits refreshes per session, not per address, and says when to come back', async () => {
    const [first, second] = [await createStaff(stack, 'agent'), await createStaff(stack, 'agent')];
    let cookie = await signInCookie(first);
    for (let i = 0; i < LIMIT; i++) cookie = refreshCookieOf(await refresh(cookie).expect(200));
    const limited = await refresh(cookie).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/^Too many session refreshes for this sign-in; try again in \d+ s$/),
    });

    // Another member's session from the same address has its own budget.
    let other = await signInCookie(second);
    for (let i = 0; i < LIMIT; i++) other = refreshCookieOf(await refresh(other).expect(200));
  });
});
