import { STAFF_ROLES, StaffRole } from '@resetdesk/staff';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

type Caller = 'anonymous' | StaffRole;
type Access = 'public' | 'signed' | 'loopback-or-admin' | StaffRole;

interface RouteCase {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  /** The route as Express registered it, to prove every route is covered. */
  pattern: string;
  access: Access;
  body?: unknown;
}

// Calls are harmless when allowed: invalid bodies (400) or missing ids (404).
const ROUTES: RouteCase[] = [
  { method: 'post', path: '/api/auth/login', pattern: '/api/auth/login', access: 'public', body: {} },
  { method: 'post', path: '/api/auth/login/totp', pattern: '/api/auth/login/totp', access: 'public', body: {} },
  { method: 'post', path: '/api/auth/refresh', pattern: '/api/auth/refresh', access: 'public' },
  { method: 'get', path: '/api/auth/me', pattern: '/api/auth/me', access: 'verifier' },
  { method: 'post', path: '/api/auth/totp/confirm', pattern: '/api/auth/totp/confirm', access: 'verifier', body: {} },
  { method: 'post', path: '/api/auth/password', pattern: '/api/auth/password', access: 'verifier', body: {} },
  { method: 'get', path: '/api/staff', pattern: '/api/staff', access: 'admin' },
  { method: 'get', path: '/api/staff/999999', pattern: '/api/staff/:id', access: 'admin' },
  { method: 'post', path: '/api/staff', pattern: '/api/staff', access: 'admin', body: {} },
  { method: 'put', path: '/api/staff/999999', pattern: '/api/staff/:id', access: 'admin', body: {} },
  { method: 'post', path: '/api/staff/999999/unlock', pattern: '/api/staff/:id/unlock', access: 'admin' },
  { method: 'post', path: '/api/staff/999999/reset-2fa', pattern: '/api/staff/:id/reset-2fa', access: 'admin' },
  { method: 'get', path: '/api/notifications', pattern: '/api/notifications', access: 'supervisor' },
  { method: 'get', path: '/api/notifications/999999', pattern: '/api/notifications/:id', access: 'supervisor' },
  { method: 'post', path: '/api/notifications/999999/retry', pattern: '/api/notifications/:id/retry', access: 'supervisor' },
  { method: 'post', path: '/api/notifications/retry-failed', pattern: '/api/notifications/retry-failed', access: 'supervisor' },
  { method: 'get', path: '/api/upcoming-expiries', pattern: '/api/upcoming-expiries', access: 'supervisor' },
  { method: 'get', path: '/api/reminder-runs', pattern: '/api/reminder-runs', access: 'supervisor' },
  { method: 'post', path: '/api/directory/sync', pattern: '/api/directory/sync', access: 'admin', body: {} },
  { method: 'get', path: '/api/directory/sync-runs', pattern: '/api/directory/sync-runs', access: 'supervisor' },
  { method: 'get', path: '/api/stats', pattern: '/api/stats', access: 'supervisor' },
  { method: 'get', path: '/api/stats/export', pattern: '/api/stats/export', access: 'supervisor' },
  { method: 'get', path: '/api/system/status', pattern: '/api/system/status', access: 'supervisor' },
  { method: 'get', path: '/api/system/info', pattern: '/api/system/info', access: 'verifier' },
  { method: 'post', path: '/api/system/test-email', pattern: '/api/system/test-email', access: 'supervisor', body: {} },
  { method: 'get', path: '/api/dev/mailbox', pattern: '/api/dev/mailbox', access: 'verifier' },
  { method: 'get', path: '/api/dev/mailbox/1', pattern: '/api/dev/mailbox/:id', access: 'verifier' },
  { method: 'get', path: '/api/audit-events', pattern: '/api/audit-events', access: 'supervisor' },
  { method: 'get', path: '/api/audit-events/999999', pattern: '/api/audit-events/:id', access: 'supervisor' },
  { method: 'get', path: '/api/audit-events/export?filter={"id":[999999]}', pattern: '/api/audit-events/export', access: 'supervisor' },
  { method: 'get', path: '/api/audit-events/verify', pattern: '/api/audit-events/verify', access: 'supervisor' },
  { method: 'get', path: '/api/audit-events/chain', pattern: '/api/audit-events/chain', access: 'supervisor' },
  { method: 'get', path: '/api/audit-events/staff', pattern: '/api/audit-events/staff', access: 'supervisor' },
  { method: 'post', path: '/api/password-policies/check', pattern: '/api/password-policies/check', access: 'public', body: {} },
  { method: 'get', path: '/api/password-policies', pattern: '/api/password-policies', access: 'verifier' },
  { method: 'get', path: '/api/password-policies/999999', pattern: '/api/password-policies/:id', access: 'verifier' },
  { method: 'post', path: '/api/password-policies', pattern: '/api/password-policies', access: 'admin', body: {} },
  { method: 'put', path: '/api/password-policies/999999', pattern: '/api/password-policies/:id', access: 'admin', body: {} },
  { method: 'delete', path: '/api/password-policies/999999', pattern: '/api/password-policies/:id', access: 'admin' },
  {
    method: 'post',
    path: '/api/password-policies/999999/impact',
    pattern: '/api/password-policies/:id/impact',
    access: 'admin',
    body: {},
  },
  { method: 'get', path: '/api/accounts', pattern: '/api/accounts', access: 'verifier' },
  { method: 'get', path: '/api/accounts/999999', pattern: '/api/accounts/:id', access: 'verifier' },
  { method: 'get', path: '/api/accounts/999999/authenticator', pattern: '/api/accounts/:id/authenticator', access: 'verifier' },
  { method: 'delete', path: '/api/accounts/999999/authenticator', pattern: '/api/accounts/:id/authenticator', access: 'admin' },
  {
    method: 'post',
    path: '/api/self-service/authenticator/enroll',
    pattern: '/api/self-service/authenticator/enroll',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/authenticator/confirm',
    pattern: '/api/self-service/authenticator/confirm',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/authenticator/remove',
    pattern: '/api/self-service/authenticator/remove',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/personal-email/start',
    pattern: '/api/self-service/personal-email/start',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/personal-email/confirm',
    pattern: '/api/self-service/personal-email/confirm',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/manager-approval/inspect',
    pattern: '/api/self-service/manager-approval/inspect',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/manager-approval/decide',
    pattern: '/api/self-service/manager-approval/decide',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/personal-email/remove',
    pattern: '/api/self-service/personal-email/remove',
    access: 'public',
    body: {},
  },
  { method: 'post', path: '/api/accounts', pattern: '/api/accounts', access: 'admin', body: {} },
  { method: 'post', path: '/api/accounts/import', pattern: '/api/accounts/import', access: 'admin' },
  { method: 'get', path: '/api/accounts/import/template', pattern: '/api/accounts/import/template', access: 'admin' },
  { method: 'put', path: '/api/accounts/999999', pattern: '/api/accounts/:id', access: 'admin', body: {} },
  { method: 'get', path: '/api/tickets', pattern: '/api/tickets', access: 'verifier' },
  { method: 'get', path: '/api/tickets/999999', pattern: '/api/tickets/:id', access: 'verifier' },
  { method: 'get', path: '/api/tickets/999999/timeline', pattern: '/api/tickets/:id/timeline', access: 'verifier' },
  { method: 'get', path: '/api/tickets/999999/events', pattern: '/api/tickets/:id/events', access: 'verifier' },
  { method: 'post', path: '/api/tickets', pattern: '/api/tickets', access: 'verifier', body: {} },
  { method: 'put', path: '/api/tickets/999999', pattern: '/api/tickets/:id', access: 'verifier', body: {} },
  { method: 'post', path: '/api/tickets/999999/notes', pattern: '/api/tickets/:id/notes', access: 'verifier', body: {} },
  { method: 'post', path: '/api/tickets/999999/otp', pattern: '/api/tickets/:id/otp', access: 'verifier', body: {} },
  {
    method: 'post',
    path: '/api/tickets/999999/manager-approval',
    pattern: '/api/tickets/:id/manager-approval',
    access: 'verifier',
    body: {},
  },
  { method: 'post', path: '/api/tickets/999999/otp/verify', pattern: '/api/tickets/:id/otp/verify', access: 'verifier', body: {} },
  { method: 'post', path: '/api/tickets/999999/reset', pattern: '/api/tickets/:id/reset', access: 'agent', body: {} },
  { method: 'post', path: '/api/tickets/999999/approval-request', pattern: '/api/tickets/:id/approval-request', access: 'agent', body: {} },
  { method: 'post', path: '/api/tickets/999999/approve-reset', pattern: '/api/tickets/:id/approve-reset', access: 'supervisor', body: {} },
  { method: 'post', path: '/api/tickets/999999/unlock', pattern: '/api/tickets/:id/unlock', access: 'agent', body: {} },
  { method: 'post', path: '/api/self-service/reset/inspect', pattern: '/api/self-service/reset/inspect', access: 'public', body: {} },
  { method: 'post', path: '/api/integrations/chat', pattern: '/api/integrations/chat', access: 'signed', body: {} },
  { method: 'post', path: '/api/dev/chat-inbox', pattern: '/api/dev/chat-inbox', access: 'signed', body: {} },
  { method: 'post', path: '/api/self-service/forgot-password', pattern: '/api/self-service/forgot-password', access: 'public', body: {} },
  {
    method: 'post',
    path: '/api/self-service/forgot-password/verify',
    pattern: '/api/self-service/forgot-password/verify',
    access: 'public',
    body: {},
  },
  { method: 'post', path: '/api/self-service/tickets', pattern: '/api/self-service/tickets', access: 'public', body: {} },
  { method: 'post', path: '/api/self-service/change-password', pattern: '/api/self-service/change-password', access: 'public', body: {} },
  { method: 'post', path: '/api/self-service/reset', pattern: '/api/self-service/reset', access: 'public', body: {} },
  {
    method: 'post',
    path: '/api/self-service/forgot-password/check-code',
    pattern: '/api/self-service/forgot-password/check-code',
    access: 'public',
    body: {},
  },
  {
    method: 'post',
    path: '/api/self-service/change-password/verify',
    pattern: '/api/self-service/change-password/verify',
    access: 'public',
    body: {},
  },
  { method: 'post', path: '/api/auth/invitation/inspect', pattern: '/api/auth/invitation/inspect', access: 'public', body: {} },
  { method: 'post', path: '/api/auth/invitation/accept', pattern: '/api/auth/invitation/accept', access: 'public', body: {} },
  { method: 'post', path: '/api/staff/999999/invitation', pattern: '/api/staff/:id/invitation', access: 'admin' },
  { method: 'post', path: '/api/self-service/password-check', pattern: '/api/self-service/password-check', access: 'public', body: {} },
  { method: 'get', path: '/api/health', pattern: '/api/health', access: 'public' },
  { method: 'get', path: '/api/health/live', pattern: '/api/health/live', access: 'public' },
  { method: 'get', path: '/metrics', pattern: '/metrics', access: 'loopback-or-admin' },
];
// Routes that end the caller's sessions or change their 2FA are covered in auth.e2e-spec.ts.
const COVERED_ELSEWHERE = ['POST /api/auth/logout', 'POST /api/auth/totp/enroll', 'DELETE /api/dev/mailbox'];

const GUARD_REFUSALS = ['UNAUTHENTICATED', 'SESSION_ENDED', 'FORBIDDEN_ROLE', 'MFA_ENROLLMENT_REQUIRED', 'WEBHOOK_SIGNATURE_INVALID'];

const RANK: Record<Caller, number> = { anonymous: 0, verifier: 1, agent: 2, supervisor: 3, admin: 4 };

function expected(access: Access, caller: Caller): 'allowed' | 401 | 403 {
  if (access === 'public') return 'allowed';
  // Webhooks answer to a signature, not to a staff token.
  if (access === 'signed') return 401;
  // Tests run over loopback: an anonymous local scraper may read metrics; a signed-in non-admin may not.
  if (access === 'loopback-or-admin') return caller === 'anonymous' || caller === 'admin' ? 'allowed' : 403;
  if (caller === 'anonymous') return 401;
  return RANK[caller] >= RANK[access] ? 'allowed' : 403;
}

describe('access matrix: every route × every role', () => {
  let stack: TestStack;
  const tokens: Partial<Record<Caller, string>> = {};

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    await resetState(stack);
    for (const role of STAFF_ROLES) tokens[role] = (await signedIn(stack, role)).token;
  });

  afterAll(() => stack.close());

  it('covers every route the API registers', () => {
    const express = stack.api.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
    const layers = (express.router ?? express._router)!.stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>;
    // Left out: Swagger UI, Nest's not-found catch-all, and the every-method routes Nest adds for prefix exclusions.
    const registered = layers
      .filter((layer) => layer.route && !layer.route.path.startsWith('/api/docs') && !layer.route.path.includes('*'))
      .filter((layer) => Object.keys(layer.route!.methods).length < 5)
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path.replace(/(.)\/$/, '$1')}`),
      );
    const covered = [...ROUTES.map((route) => `${route.method.toUpperCase()} ${route.pattern}`), ...COVERED_ELSEWHERE];
    expect([...new Set(registered)].filter((route) => !covered.includes(route))).toEqual([]);
  });

  const callers: Caller[] = ['anonymous', ...STAFF_ROLES];
  it.each(ROUTES.flatMap((route) => callers.map((caller) => [`${route.method.toUpperCase()} ${route.path}`, caller, route] as const)))(
    '%s as %s',
    async (_name, caller, route) => {
      const token = tokens[caller];
      const request = token ? as(stack, token)[route.method](route.path) : stack.http[route.method](route.path);
      const response = route.body === undefined ? await request : await request.send(route.body as object);
      const outcome = expected(route.access, caller);
      // Guards refuse with these codes; a handler's own 401 (e.g. no refresh cookie) means the call got through.
      if (outcome === 'allowed') expect(GUARD_REFUSALS).not.toContain(response.body?.code);
      else
        expect({ status: response.status, refusedByGuard: GUARD_REFUSALS.includes(response.body.code) }).toEqual({
          status: outcome,
          refusedByGuard: true,
        });
    },
  );
});
