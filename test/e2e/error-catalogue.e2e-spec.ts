import { RateLimiter } from '@resetdesk/core';
import { FORGOT_RESEND } from '@resetdesk/self-service';
import { gzipSync } from 'node:zlib';
import { createDana } from '../support/desk';
import { signedIn } from '../support/staff';
import { openTicket } from '../support/tickets';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

/** Every refusal, the framework's included, leaves in one body with a code from docs/error-codes.md. */
function expectRefusal(body: unknown, statusCode: number, code: string, message: RegExp) {
  expect(body).toEqual(expect.objectContaining({ statusCode, error: expect.any(String), code, message: expect.stringMatching(message) }));
}

describe('error catalogue', () => {
  let stack: TestStack;
  let agent: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let accountId: number;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    await resetState(stack);
    agent = as(stack, (await signedIn(stack, 'agent')).token);
    admin = as(stack, (await signedIn(stack, 'admin')).token);
    accountId = await createDana(admin);
  });

  describe('framework refusals carry catalogue codes', () => {
    const ticketCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM tickets'))[0].n);
    const accountCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM accounts'))[0].n);
    const ticket = () => JSON.stringify({ accountId, subject: 'Locked out', channel: 'phone' });

    describe('a body the JSON parser refuses is answered with its code, and nothing is stored', () => {
      it.each([
        ['malformed JSON', 'application/json', '{"accountId":', 400, 'MALFORMED_JSON', /^The request body is not valid JSON$/],
        [
          'a body over 100 kB',
          'application/json',
          () => JSON.stringify({ subject: 'x'.repeat(200_000) }),
          413,
          'BODY_TOO_LARGE',
          /larger than the 100kb limit/,
        ],
        [
          'nesting past 32 levels',
          'application/json',
          `{"subject":${'['.repeat(40)}${']'.repeat(40)}}`,
          400,
          'JSON_TOO_DEEP',
          /more than 32 levels deep/,
        ],
        [
          'a text body',
          'text/plain',
          () => ticket(),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          /as JSON with Content-Type: application\/json \(got "text\/plain"\)/,
        ],
        [
          'a form body',
          'application/x-www-form-urlencoded',
          'accountId=1&subject=x',
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          /got "application\/x-www-form-urlencoded"/,
        ],
        [
          'a latin-1 body',
          'application/json; charset=latin1',
          () => ticket(),
          415,
          'UNSUPPORTED_CHARSET',
          /must be UTF-8 encoded JSON \(got charset "latin1"\)/,
        ],
      ])('%s', async (_case, contentType, body, status, code, message) => {
        const response = await agent
          .post('/api/tickets')
          .set('Content-Type', contentType)
          .send(typeof body === 'function' ? body() : body);
        expect(response.status).toBe(status);
        expectRefusal(response.body, status, code, message);
        expect(await ticketCount()).toBe(0);
      });

      it('refuses a compression it does not read with 415 naming it, and reads gzip', async () => {
        const refused = await agent
          .post('/api/tickets')
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'compress')
          .send(ticket());
        expect(refused.status).toBe(415);
        expectRefusal(
          refused.body,
          415,
          'UNSUPPORTED_CONTENT_ENCODING',
          /uncompressed or as gzip, deflate or br \(got Content-Encoding "compress"\)/,
        );
        expect(await ticketCount()).toBe(0);
        await agent
          .post('/api/tickets')
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          // The bytes as they are, not serialised as JSON a second time (superagent sends a Buffer as is; its types say string).
          .serialize((bytes: Buffer) => bytes as unknown as string)
          .send(gzipSync(ticket()))
          .expect(201);
      });

      it('refuses a multipart body on a JSON route with 400 naming the fields', async () => {
        const response = await agent.post('/api/tickets').field('subject', 'Locked out').expect(400);
        expectRefusal(response.body, 400, 'VALIDATION_FAILED', /accountId/);
        expect(await ticketCount()).toBe(0);
      });
    });

    it('validation failures are 400 VALIDATION_FAILED naming the field', async () => {
      const response = await agent
        .post('/api/tickets')
        .send({ accountId, subject: 'Locked out', channel: 'phone', admin: true })
        .expect(400);
      expectRefusal(response.body, 400, 'VALIDATION_FAILED', /unknown field "admin"/);
      const param = await admin
        .post('/api/accounts/import?dryRun=maybe')
        .attach('file', Buffer.from('username,email\n'), 'a.csv')
        .expect(400);
      expectRefusal(param.body, 400, 'VALIDATION_FAILED', /dryRun must be a boolean: true or false/);
    });

    it.each([
      ['an unknown path', 'get', '/api/nope', /^Cannot GET \/api\/nope$/],
      ['a known path with a method it does not take', 'patch', '/api/tickets', /^Cannot PATCH \/api\/tickets$/],
    ])('answers %s 404 ROUTE_NOT_FOUND', async (_case, method, path, message) => {
      const response = await agent[method as 'get' | 'patch'](path).expect(404);
      expectRefusal(response.body, 404, 'ROUTE_NOT_FOUND', message);
    });

    describe('sign-in and role refusals', () => {
      it.each([
        ['no token', undefined, /^Sign in first/],
        ['a token that is not one', 'Bearer not-a-token', /^The access token is invalid/],
      ])('answers %s 401 UNAUTHENTICATED', async (_case, authorization, message) => {
        const call = stack.http.get('/api/tickets');
        const response = await (authorization ? call.set('Authorization', authorization) : call).expect(401);
        expectRefusal(response.body, 401, 'UNAUTHENTICATED', message);
      });

      it('answers a wrong password 401 INVALID_CREDENTIALS', async () => {
        const response = await stack.http.post('/api/auth/login').send({ email: 'nobody@example.com', password: 'wrong' }).expect(401);
        expectRefusal(response.body, 401, 'INVALID_CREDENTIALS', /^Invalid email or password$/);
      });

      it('answers a role below the route 403 FORBIDDEN_ROLE, and changes nothing', async () => {
        const response = await agent
          .post('/api/accounts')
          .send({ username: 'eve', email: 'eve@example.com', displayName: 'Eve' })
          .expect(403);
        expectRefusal(response.body, 403, 'FORBIDDEN_ROLE', /needs the admin role or higher; you are signed in as agent/);
        expect(await accountCount()).toBe(1);
      });
    });

    describe('uploads multer refuses', () => {
      const csv = Buffer.from('username,email\nerin,erin@example.com\n');

      it('a file over 16 MB: 413 FILE_TOO_LARGE', async () => {
        const response = await admin.post('/api/accounts/import').attach('file', Buffer.alloc(16 * 1024 * 1024 + 1, 'a'), 'big.csv');
        expect(response.status).toBe(413);
        expectRefusal(response.body, 413, 'FILE_TOO_LARGE', /^The file in "file" is larger than this upload accepts$/);
        expect(await accountCount()).toBe(1);
      });

      it('two files: 400 TOO_MANY_FILES', async () => {
        const response = await admin.post('/api/accounts/import').attach('file', csv, 'a.csv').attach('file', csv, 'b.csv').expect(400);
        expectRefusal(response.body, 400, 'TOO_MANY_FILES', /^More files were sent than this upload accepts$/);
        expect(await accountCount()).toBe(1);
      });

      it('a file under another field: 400 UNEXPECTED_FILE_FIELD naming it', async () => {
        const response = await admin.post('/api/accounts/import').attach('upload', csv, 'a.csv').expect(400);
        expectRefusal(response.body, 400, 'UNEXPECTED_FILE_FIELD', /^Unexpected file in the field "upload"/);
      });

      it('a file that is not CSV: 415 UNSUPPORTED_MEDIA_TYPE', async () => {
        const response = await admin
          .post('/api/accounts/import')
          .attach('file', Buffer.from('%PDF'), { filename: 'a.pdf', contentType: 'application/pdf' });
        expect(response.status).toBe(415);
        expectRefusal(response.body, 415, 'UNSUPPORTED_MEDIA_TYPE', /Upload a \.csv file \(got application\/pdf\)/);
      });

      it('a multipart body without its boundary: 400 MALFORMED_MULTIPART', async () => {
        const response = await admin.post('/api/accounts/import').set('Content-Type', 'multipart/form-data').send('--x\r\n').expect(400);
        expectRefusal(response.body, 400, 'MALFORMED_MULTIPART', /^The multipart body is malformed: boundary not found$/);
      });
    });
  });

  describe('one spelling for one condition, whether verifying, resetting or self-service', () => {
    const sendCode = (ticketId: number) => agent.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'email' });
    const resetTicket = (ticketId: number) => agent.post(`/api/tickets/${ticketId}/reset`).send({ method: 'link' });
    const forgot = () => stack.http.post('/api/self-service/forgot-password').send({ email: 'dana@example.com' });

    it('another code within 60 s: 429 CODE_RESEND_TOO_SOON, for an agent and for the holder alike', async () => {
      const ticketId = await openTicket(agent, accountId);
      await sendCode(ticketId).expect(202);
      expectRefusal((await sendCode(ticketId).expect(429)).body, 429, 'CODE_RESEND_TOO_SOON', /another can be sent in \d+ s/);
      await forgot().expect(202);
      expectRefusal((await forgot().expect(429)).body, 429, 'CODE_RESEND_TOO_SOON', /you can ask again in \d+ s/);
    });

    it('a sixth code in an hour for the holder: 429 CODE_HOURLY_LIMIT, as for an agent (ticket-verification)', async () => {
      for (let i = 0; i < 5; i++) {
        await forgot().expect(202);
        await stack.api.get(RateLimiter).reset(FORGOT_RESEND, 'dana@example.com');
      }
      expectRefusal(
        (await forgot().expect(429)).body,
        429,
        'CODE_HOURLY_LIMIT',
        /^Too many codes were asked for this address; try again in \d+ min$/,
      );
    });

    it('a finished ticket: 409 TICKET_FINISHED for a code and for a reset, and nothing moves', async () => {
      const ticketId = await openTicket(agent, accountId);
      await agent.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled' }).expect(200);
      expectRefusal((await sendCode(ticketId).expect(409)).body, 409, 'TICKET_FINISHED', /is cancelled; reopen it/);
      expectRefusal((await resetTicket(ticketId).expect(409)).body, 409, 'TICKET_FINISHED', /is cancelled; reopen it/);
      expect((await agent.get(`/api/tickets/${ticketId}`).expect(200)).body).toMatchObject({ status: 'cancelled', codes: [], links: [] });
    });

    it('a disabled account: 409 ACCOUNT_DISABLED for a code and for a reset, and nothing moves', async () => {
      const ticketId = await openTicket(agent, accountId);
      await admin.put(`/api/accounts/${accountId}`).send({ status: 'disabled' }).expect(200);
      expectRefusal(
        (await sendCode(ticketId).expect(409)).body,
        409,
        'ACCOUNT_DISABLED',
        /^The account is disabled; enable it before verifying/,
      );
      expectRefusal(
        (await resetTicket(ticketId).expect(409)).body,
        409,
        'ACCOUNT_DISABLED',
        /^The account is disabled; enable it before resetting/,
      );
      expect((await agent.get(`/api/tickets/${ticketId}`).expect(200)).body).toMatchObject({ status: 'open', codes: [], links: [] });
    });
  });
});

describe('error catalogue: the throttler', () => {
  const LIMIT = 3;
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    await resetState(stack);
  });

  afterAll(() => stack.close());

  it('answers past the limit 429 TOO_MANY_REQUESTS with Retry-After, in the header and the body', async () => {
    const attempt = () => stack.http.post('/api/auth/login').send({ email: 'nobody@example.com', password: 'wrong' });
    for (let i = 0; i < LIMIT; i++) await attempt().expect(401);
    const limited = await attempt().expect(429);
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expectRefusal(limited.body, 429, 'TOO_MANY_REQUESTS', /^Too many sign-in requests from this address; try again in \d+ s$/);
    expect(limited.body.retryAfterSeconds).toBe(wait);
  });
});
