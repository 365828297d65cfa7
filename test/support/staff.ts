import { StaffRole, StaffService } from '@resetdesk/staff';
import { randomBytes } from 'node:crypto';
import type { TestStack } from './test-stack';

export interface TestStaff {
  id: number;
  email: string;
  password: string;
  role: StaffRole;
}

/** Creates a staff member through the real service (argon2 and all). */
export async function createStaff(
  stack: TestStack,
  role: StaffRole,
  overrides: Partial<Pick<TestStaff, 'email' | 'password'>> = {},
): Promise<TestStaff> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const password = overrides.password ?? `Pw-${randomBytes(9).toString('base64url')}`;
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

/** A fresh member of the role and an access token for them. */
export async function signedIn(stack: TestStack, role: StaffRole): Promise<TestStaff & { token: string }> {
  const staff = await createStaff(stack, role);
  return { ...staff, token: await signIn(stack, staff) };
}

/** The refresh token a sign-in or refresh answer set in its httpOnly cookie. */
export function refreshCookieOf(response: { headers: Record<string, unknown> }): string {
  const cookie = /resetdesk_refresh=([^;]+);/.exec(String(response.headers['set-cookie']))?.[1];
  if (!cookie) throw new Error('the answer set no refresh cookie');
  return cookie;
}
