import { AuditEventEntity } from '@resetdesk/audit';
import { createDana, useDesk } from '../support/desk';
import { createStaff, signedIn, TestStaff } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

const METRICS_TOKEN = 'scrape-token-0123456789abcdef';

/** Sign-in failures with the address the request claims to come from. */
function wrongPassword(stack: TestStack, member: TestStaff, forwardedFor?: string) {
  const call = stack.http.post('/api/auth/login');
  if (forwardedFor) call.set('X-Forwarded-For', forwardedFor);
  return call.send({ email: member.email, password: 'not-the-password-at-all' });
}

/** A stack of its own for the enclosing describe, with this environment and empty tables. */
function stackWith(env: Record<string, string>): () => TestStack {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env });
    await resetState(stack);
  });
  afterAll(() => stack.close());
  return () => stack;
}

async function failedSignInAddresses(stack: TestStack): Promise<Array<string | null>> {
  const events = await stack.dataSource
    .getRepository(AuditEventEntity)
    .find({ where: { action: 'auth.sign_in.failed' }, order: { id: 'ASC' } });
  return events.map((event) => event.ip);
}

describe('client address behind reverse proxies (TRUST_PROXY)', () => {
  describe('with TRUST_PROXY unset', () => {
    const stackOf = stackWith({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });

    it('ignores X-Forwarded-For: rotating it neither escapes the per-address sign-in limit nor reaches the audit trail', async () => {
      const stack = stackOf();
      const member = await createStaff(stack, 'agent');
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) statuses.push((await wrongPassword(stack, member, `203.0.113.${i}`)).status);
      expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true);
      expect(statuses[3]).toBe(429);
      expect(await failedSignInAddresses(stack)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    });

    it('refuses /metrics and health details to a request relayed by a same-host proxy it was not told to trust', async () => {
      const stack = stackOf();
      await stack.http.get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(401);
      expect((await stack.http.get('/api/health').set('X-Forwarded-For', '203.0.113.9').expect(200)).body).toEqual({ status: 'ok' });
      await stack.http.get('/metrics').expect(200);
    });
  });

  describe('with TRUST_PROXY=127.0.0.1/8 (a proxy on this host)', () => {
    const stackOf = stackWith({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1/8' });

    it('limits and audits the forwarded client, so one noisy client does not lock out everyone behind the proxy', async () => {
      const stack = stackOf();
      const member = await createStaff(stack, 'agent');
      for (let i = 0; i < 3; i++) expect((await wrongPassword(stack, member, '203.0.113.10')).status).not.toBe(429);
      expect((await wrongPassword(stack, member, '203.0.113.10')).status).toBe(429);
      // Another client behind the same proxy still gets an answer on its own merits.
      expect((await wrongPassword(stack, member, '198.51.100.7')).status).not.toBe(429);
      expect(await failedSignInAddresses(stack)).toEqual(['203.0.113.10', '203.0.113.10', '203.0.113.10', '198.51.100.7']);
    });

    it('refuses /metrics to a remote client forwarded by the local proxy, and still serves the proxy-less local scraper', async () => {
      const stack = stackOf();
      const response = await stack.http.get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(401);
      expect(response.body).toMatchObject({ statusCode: 401 });
      await stack.http.get('/metrics').expect(200);
    });

    it('answers /api/health with the status alone to a remote anonymous client, with details to staff', async () => {
      const stack = stackOf();
      const remote = await stack.http.get('/api/health').set('X-Forwarded-For', '203.0.113.9').expect(200);
      expect(remote.body).toEqual({ status: 'ok' });
      const supervisorToken = (await signedIn(stack, 'supervisor')).token;
      const staff = await stack.http
        .get('/api/health')
        .set('X-Forwarded-For', '203.0.113.9')
        .set('Authorization', `Bearer ${supervisorToken}`)
        .expect(200);
      expect(staff.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' } } });
      const invalidToken = await stack.http
        .get('/api/health')
        .set('X-Forwarded-For', '203.0.113.9')
        .set('Authorization', 'Bearer nonsense')
        .expect(200);
      expect(invalidToken.body).toEqual({ status: 'ok' });
      const local = await stack.http.get('/api/health').expect(200);
      expect(local.body.details).toMatchObject({ database: { status: 'up' } });
    });
  });

  describe('with TRUST_PROXY=1 (one proxy hop)', () => {
    const stackOf = stackWith({ TRUST_PROXY: '1' });

    it('takes the address the nearest proxy saw, not what the client wrote before it', async () => {
      const stack = stackOf();
      const member = await createStaff(stack, 'agent');
      await wrongPassword(stack, member, '10.9.9.9, 203.0.113.20').expect(401);
      expect(await failedSignInAddresses(stack)).toEqual(['203.0.113.20']);
    });
  });

  describe('with METRICS_TOKEN set', () => {
    const stackOf = stackWith({ METRICS_TOKEN });

    it('serves /metrics only with the token, whatever the address', async () => {
      const stack = stackOf();
      await stack.http.get('/metrics').expect(401);
      await stack.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
      await stack.http.get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
      const response = await stack.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(response.text).toContain('resetdesk_http_request_duration_seconds');
    });

    it("still lets an admin's access token in, and keeps other roles out", async () => {
      const stack = stackOf();
      await as(stack, (await signedIn(stack, 'admin')).token)
        .get('/metrics')
        .expect(200);
      await as(stack, (await signedIn(stack, 'agent')).token)
        .get('/metrics')
        .expect(403);
    });
  });
});

describe('ticket timeline addresses', () => {
  const desk = useDesk({ TRUST_PROXY: 'loopback' });

  it('are masked for agents and whole for supervisors', async () => {
    const accountId = await createDana(desk.admin);
    const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
    const supervisor = as(desk.stack, (await signedIn(desk.stack, 'supervisor')).token);
    const opened = await agent
      .post('/api/tickets')
      .set('X-Forwarded-For', '203.0.113.57')
      .send({ accountId, subject: 'Locked out', channel: 'phone' })
      .expect(201);
    await agent
      .post(`/api/tickets/${opened.body.id}/notes`)
      .set('X-Forwarded-For', '2001:db8:85a3:8d3:1319:8a2e:370:7348')
      .send({ body: 'Called back' })
      .expect(201);

    const asAgent = await agent.get(`/api/tickets/${opened.body.id}/timeline`).expect(200);
    expect(asAgent.body.map((event: { ip: string }) => event.ip)).toEqual(['203.0.113.x', '2001:db8:85a3::/48']);
    const asSupervisor = await supervisor.get(`/api/tickets/${opened.body.id}/timeline`).expect(200);
    expect(asSupervisor.body.map((event: { ip: string }) => event.ip)).toEqual(['203.0.113.57', '2001:db8:85a3:8d3:1319:8a2e:370:7348']);
  });
});
