import { SessionService } from '@resetdesk/auth';
import { PasswordHasher } from '@resetdesk/core';
import { StaffRepository, StaffRole, StaffService } from '@resetdesk/staff';
import { randomBytes, randomInt } from 'node:crypto';
import type { TestStack } from './test-stack';

/**
 * The password of every member a test file creates without naming one. A fixture's argon2 hash is not what a test
 * measures, so the API's hasher computes this one hash once per file (see fixtureHashOnce); any other password is
 * hashed as always.
 */
// Digits after a fixed prefix: random letters could spell a member's email name ("ana", "ben") and fail the
// personal-information rule, one file in a few thousand runs.
const FIXTURE_PASSWORD = `Pw-${randomInt(2 ** 47, 2 ** 48)}`;
const hashersWithFixture = new WeakSet<PasswordHasher>();

function fixtureHashOnce(hasher: PasswordHasher): void {
  if (hashersWithFixture.has(hasher)) return;
  hashersWithFixture.add(hasher);
  const hash = hasher.hash.bind(hasher);
  let fixtureHash: Promise<string> | undefined;
  hasher.hash = (password: string) => (password === FIXTURE_PASSWORD ? (fixtureHash ??= hash(password)) : hash(password));
}

export interface TestStaff {
  id: number;
  email: string;
  password: string;
  role: StaffRole;
}

/** Creates a staff member through the real service (policy, argon2, audit event). */
export async function createStaff(
  stack: TestStack,
  role: StaffRole,
  overrides: Partial<Pick<TestStaff, 'email' | 'password'>> = {},
): Promise<TestStaff> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const password = overrides.password ?? FIXTURE_PASSWORD;
  fixtureHashOnce(stack.api.get(PasswordHasher));
  const created = await stack.api.get(StaffService).create(null, { email, name: `Test ${role}`, role, password }, null);
  return { id: created.id, email, password, role };
}

export async function signIn(stack: TestStack, staff: Pick<TestStaff, 'email' | 'password'>): Promise<string> {
  const response = await stack.http.post('/api/auth/login').send({ email: staff.email, password: staff.password });
  if (response.status !== 200 || !response.body.accessToken) {
    throw new Error(`sign-in of ${staff.email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.accessToken as string;
}

/**
 * A fresh member of the role and an access token for them: a session opened by the same SessionService.open a
 * password sign-in ends in (its row, its `auth.sign_in.succeeded` event), without the HTTP round trip and the
 * password verification, which the sign-in tests cover. Use signIn for a sign-in through the API.
 */
export async function signedIn(stack: TestStack, role: StaffRole): Promise<TestStaff & { token: string }> {
  const staff = await createStaff(stack, role);
  const member = await stack.api.get(StaffRepository).findById(staff.id);
  const session = await stack.api
    .get(SessionService)
    .open(member!, { method: 'password', clearsPasswordFailures: true }, { ip: '::ffff:127.0.0.1', userAgent: null });
  return { ...staff, token: session.accessToken };
}

/** The refresh token a sign-in or refresh answer set in its httpOnly cookie. */
export function refreshCookieOf(response: { headers: Record<string, unknown> }): string {
  const cookie = /resetdesk_refresh=([^;]+);/.exec(String(response.headers['set-cookie']))?.[1];
  if (!cookie) throw new Error('the answer set no refresh cookie');
  return cookie;
}
