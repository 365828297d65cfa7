import { AuditEventEntity } from '@resetdesk/audit';
import { signedWebhookHeaders } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { DataCipher } from '@resetdesk/core';
import { ForgotPasswordService } from '@resetdesk/self-service';
import { generate } from 'otplib';
import { freePort } from '../support/ports';
import { ApiProcess } from '../support/run-entrypoint';
import { createStaff } from '../support/staff';
import { resetState, startTestStack, TestStack } from '../support/test-stack';

/**
 * Runs the real API process with trace logging, walks through every
 * security flow, then searches its whole log output and every audit row for
 * the secrets that passed through.
 */
describe('secrets never reach logs or the audit trail', () => {
  let stack: TestStack;
  let api: ApiProcess;
  let base: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    await resetState(stack);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await ApiProcess.start(port, { LOG_LEVEL: 'trace', AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
  });

  afterAll(async () => {
    await api?.stop();
    // This API had no worker: leave no queued mail for the next suite's worker.
    await resetState(stack);
    await stack.close();
  });

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, setCookie: response.headers.get('set-cookie') };
  }

  it('walks through sign-in, 2FA, refresh, password change and a test email', async () => {
    const admin = await createStaff(stack, 'admin', { password: 'Very-secret-Passw0rd-1' });
    secrets.push(admin.password);

    secrets.push('Wrong-secret-Passw0rd-2');
    expect((await call('POST', '/api/auth/login', { email: admin.email, password: 'Wrong-secret-Passw0rd-2' })).status).toBe(401);
    expect((await call('POST', '/api/auth/login', { email: 'ghost@example.com', password: 'Ghost-secret-Passw0rd-3' })).status).toBe(401);
    secrets.push('Ghost-secret-Passw0rd-3');

    const login = await call('POST', '/api/auth/login', { email: admin.email, password: admin.password });
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    secrets.push(login.body.accessToken, /resetdesk_refresh=([^;]+)/.exec(login.setCookie ?? '')![1]!);

    const enrollment = await call('POST', '/api/auth/totp/enroll', { password: admin.password }, auth);
    secrets.push(enrollment.body.secret);
    const firstCode = await generate({ secret: enrollment.body.secret });
    secrets.push(firstCode);
    const confirm = await call('POST', '/api/auth/totp/confirm', { code: firstCode }, auth);
    expect(confirm.status).toBe(200);
    secrets.push(...confirm.body.recoveryCodes);

    const challenge = await call('POST', '/api/auth/login', { email: admin.email, password: admin.password });
    secrets.push(challenge.body.mfaToken);
    const viaRecovery = await call('POST', '/api/auth/login/totp', {
      mfaToken: challenge.body.mfaToken,
      code: confirm.body.recoveryCodes[0],
    });
    expect(viaRecovery.status).toBe(200);
    secrets.push(viaRecovery.body.accessToken);
    const auth2 = { Authorization: `Bearer ${viaRecovery.body.accessToken}` };

    const refreshCookie = /resetdesk_refresh=([^;]+)/.exec(viaRecovery.setCookie ?? '')![1]!;
    const refreshed = await call('POST', '/api/auth/refresh', undefined, { Cookie: `resetdesk_refresh=${refreshCookie}` });
    expect(refreshed.status).toBe(200);
    secrets.push(refreshCookie, refreshed.body.accessToken);

    expect((await call('POST', '/api/system/test-email', { to: 'ops@example.com' }, auth2)).status).toBe(202);
    secrets.push('Next-secret-Passw0rd-4');
    expect(
      (await call('POST', '/api/auth/password', { currentPassword: admin.password, newPassword: 'Next-secret-Passw0rd-4' }, auth2)).status,
    ).toBe(204);
  });

  it('walks through an assisted reset: code, link, portal reset, temporary password', async () => {
    const agent = await createStaff(stack, 'agent', { password: 'Finch-secret-Passw0rd-5' });
    secrets.push(agent.password);
    const login = await call('POST', '/api/auth/login', { email: agent.email, password: agent.password });
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const admin = await createStaff(stack, 'admin', { password: 'Heron-secret-Passw0rd-7' });
    secrets.push(admin.password);
    const adminLogin = await call('POST', '/api/auth/login', { email: admin.email, password: admin.password });
    const account = await call(
      'POST',
      '/api/accounts',
      { username: 'holder', email: 'holder@example.com', displayName: 'Holder' },
      { Authorization: `Bearer ${adminLogin.body.accessToken}` },
    );
    expect(account.status).toBe(201);
    /** Template data of the newest email of a kind, decrypted as the worker would (this API has none). */
    const mailData = async (kind: string) => {
      const [row] = await stack.dataSource.query('SELECT payload FROM notifications WHERE kind = ? ORDER BY id DESC LIMIT 1', [kind]);
      return stack.api.get(DataCipher).decryptJson<Record<string, string>>(row.payload);
    };
    const verify = async (ticketId: number) => {
      expect((await call('POST', `/api/tickets/${ticketId}/otp`, { channel: 'email' }, auth)).status).toBe(202);
      const { code } = await mailData('assisted-code');
      secrets.push(code);
      expect((await call('POST', `/api/tickets/${ticketId}/otp/verify`, { code }, auth)).status).toBe(200);
    };

    const ticket = await call('POST', '/api/tickets', { accountId: account.body.id, subject: 'Locked out', channel: 'phone' }, auth);
    await verify(ticket.body.id);
    expect((await call('POST', `/api/tickets/${ticket.body.id}/reset`, { method: 'link' }, auth)).status).toBe(202);
    const { token } = await mailData('reset-link');
    secrets.push(token, 'Weak-1', 'Portal-secret-Passw0rd-6');
    expect((await call('POST', '/api/self-service/reset', { token, newPassword: 'Weak-1' })).status).toBe(422);
    expect((await call('POST', '/api/self-service/reset', { token, newPassword: 'Portal-secret-Passw0rd-6' })).status).toBe(204);
    expect((await call('POST', '/api/self-service/reset', { token, newPassword: 'Portal-secret-Passw0rd-6' })).status).toBe(410);

    const second = await call('POST', '/api/tickets', { accountId: account.body.id, subject: 'Forgot again', channel: 'phone' }, auth);
    await verify(second.body.id);
    const temporary = await call('POST', `/api/tickets/${second.body.id}/reset`, { method: 'temporary' }, auth);
    expect(temporary.status).toBe(202);
    secrets.push(temporary.body.temporaryPassword);
  });

  it('walks through self-service: forgot password, change password, chat command', async () => {
    const admin = await createStaff(stack, 'admin', { password: 'Heron-secret-Passw0rd-8' });
    secrets.push(admin.password);
    const adminLogin = await call('POST', '/api/auth/login', { email: admin.email, password: admin.password });
    const created = await call(
      'POST',
      '/api/accounts',
      {
        username: 'selfie',
        email: 'selfie@example.com',
        displayName: 'Self Service',
        chatId: 'U7777',
        password: 'Initial-secret-Passw0rd-9',
      },
      { Authorization: `Bearer ${adminLogin.body.accessToken}` },
    );
    expect(created.status).toBe(201);
    secrets.push('Initial-secret-Passw0rd-9');

    expect((await call('POST', '/api/self-service/forgot-password', { email: 'selfie@example.com' })).status).toBe(202);
    // What the worker does with the queued request, run here (this API has no worker).
    const [request] = await stack.dataSource.query('SELECT request_id AS requestId FROM portal_requests ORDER BY id DESC LIMIT 1');
    await stack.api.get(ForgotPasswordService).sendCode({ requestId: request.requestId });
    const [row] = await stack.dataSource.query(
      "SELECT payload FROM notifications WHERE kind = 'self-service-code' ORDER BY id DESC LIMIT 1",
    );
    const { code } = stack.api.get(DataCipher).decryptJson<{ code: string }>(row.payload);
    secrets.push(code, 'Forgot-secret-Passw0rd-10');
    expect(
      (
        await call('POST', '/api/self-service/forgot-password/verify', {
          email: 'selfie@example.com',
          code: code === '000000' ? '111111' : '000000',
          newPassword: 'Forgot-secret-Passw0rd-10',
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call('POST', '/api/self-service/forgot-password/verify', {
          email: 'selfie@example.com',
          code,
          newPassword: 'Forgot-secret-Passw0rd-10',
        })
      ).status,
    ).toBe(204);

    secrets.push('Changed-secret-Passw0rd-11');
    const change = {
      username: 'selfie',
      currentPassword: 'Forgot-secret-Passw0rd-10',
      newPassword: 'Changed-secret-Passw0rd-11',
      confirmPassword: 'Changed-secret-Passw0rd-11',
    };
    expect((await call('POST', '/api/self-service/change-password', change)).status).toBe(204);

    secrets.push('Chat-secret-Passw0rd-12', 'short13');
    for (const text of ['#resetpassword#Chat-secret-Passw0rd-12', '#resetpassword#short13']) {
      const body = JSON.stringify({ chatId: 'U7777', text });
      const secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
      const response = await fetch(`${base}/api/integrations/chat`, {
        method: 'POST',
        headers: signedWebhookHeaders(secret, body),
        body,
      });
      expect(response.status).toBe(200);
    }
  });

  it('finds none of them in the log output', async () => {
    // Let the last log lines flush.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logs = api.output.stdout() + api.output.stderr();
    expect(logs).toContain('"url":"/api/auth/login"'); // the requests were logged
    expect(secrets.length).toBeGreaterThan(15);
    expect(secrets.filter((secret) => logs.includes(secret))).toEqual([]);
  });

  it('finds none of them in any audit event, and every flow was recorded', async () => {
    const events = await stack.dataSource.getRepository(AuditEventEntity).find();
    const trail = JSON.stringify(events);
    expect(secrets.filter((secret) => trail.includes(secret))).toEqual([]);
    expect(new Set(events.map((event) => event.action))).toEqual(
      new Set([
        'staff.created',
        'auth.sign_in.failed',
        'auth.sign_in.succeeded',
        'auth.totp.enrollment_started',
        'auth.totp.confirmed',
        'mail.test_email.queued',
        'staff.password_changed',
        'account.created',
        'ticket.opened',
        'ticket.status_changed',
        'verification.code_sent',
        'verification.verified',
        'reset.link_issued',
        'account.password_set',
        'reset.link_used',
        'reset.link_refused',
        'reset.temporary_issued',
        'self_service.code_sent',
        'self_service.code_failed',
        'self_service.password_reset',
        'chat.command',
      ]),
    );
    // Everything done over HTTP carries the client address and user agent.
    const overHttp = events.filter((event) => event.action !== 'staff.created');
    expect(overHttp.filter((event) => !event.ip || !event.userAgent)).toEqual([]);
  });
});
