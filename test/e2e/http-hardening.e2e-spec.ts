import { Logger } from '@nestjs/common';
import { createDana } from '../support/desk';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

describe('HTTP hardening', () => {
  let stack: TestStack;
  let agent: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    await resetState(stack);
    agent = as(stack, (await signedIn(stack, 'agent')).token);
  });

  const ticketCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM tickets'))[0].n);

  describe('deeply nested JSON', () => {
    it('is refused with 400 naming the problem, before any transformation, and logs no error', async () => {
      const errors = jest.spyOn(Logger.prototype, 'error');
      try {
        // 40,000 levels in 80 kB: under the size limit, far past any DTO's shape.
        const body = `{"email":${'['.repeat(40_000)}${']'.repeat(40_000)}}`;
        const response = await stack.http.post('/api/self-service/forgot-password').set('Content-Type', 'application/json').send(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: 'The request body nests objects or arrays more than 32 levels deep',
          code: 'JSON_TOO_DEEP',
        });
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });

    it('still accepts brackets inside strings and ordinary nesting', async () => {
      await stack.http.post('/api/self-service/forgot-password').send({ email: 'dana@example.com' }).expect(202);
      const accountId = await createDana(as(stack, (await signedIn(stack, 'admin')).token));
      await agent
        .post('/api/tickets')
        .send({ accountId, subject: '[[[[{{{{ brackets'.repeat(3), channel: 'phone' })
        .expect(201);
    });
  });

  describe('control characters in text fields', () => {
    let accountId: number;

    beforeEach(async () => {
      accountId = await createDana(as(stack, (await signedIn(stack, 'admin')).token));
    });

    it.each([
      ['NUL in a single-line field', { subject: 'Locked\u0000out' }, 'subject must not contain control characters (found U+0000)'],
      ['a line break in a single-line field', { subject: 'Locked\nout' }, 'subject must not contain control characters (found U+000A)'],
      [
        'an escape sequence in free text',
        { subject: 'Locked out', description: 'see \u001b[31mred' },
        'description must not contain control characters (found U+001B)',
      ],
      [
        'NUL in free text',
        { subject: 'Locked out', description: 'a\u0000b' },
        'description must not contain control characters (found U+0000)',
      ],
    ])('refuses %s with 400 naming the field, and stores nothing', async (_case, fields, message) => {
      const response = await agent
        .post('/api/tickets')
        .send({ accountId, channel: 'phone', ...fields })
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message });
      expect(await ticketCount()).toBe(0);
    });

    it('keeps tabs and line breaks in free text', async () => {
      const description = 'Caller says:\r\n\tlocked out since Monday\nafter the holiday';
      const { body } = await agent
        .post('/api/tickets')
        .send({ accountId, channel: 'phone', subject: 'Locked out', description })
        .expect(201);
      expect(body.description).toBe(description);
    });

    it('refuses them on anonymous routes too, e.g. a username', async () => {
      const response = await stack.http
        .post('/api/self-service/change-password')
        .send({ username: 'dreyes\u0000', currentPassword: 'x', newPassword: 'Another-pass-2026!', confirmPassword: 'Another-pass-2026!' })
        .expect(400);
      expect(response.body.message).toBe('username must not contain control characters (found U+0000)');
    });
  });

  it('sends no HSTS header when APP_URL is plain http', async () => {
    const response = await agent.get('/api/system/info').expect(200);
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  describe('with APP_URL on https and DOCS_ENABLED=false', () => {
    let secure: TestStack;

    beforeAll(async () => {
      secure = await startTestStack({ worker: false, env: { APP_URL: 'https://helpdesk.example.com', DOCS_ENABLED: 'false' } });
    });

    afterAll(() => secure.close());

    it('sends HSTS', async () => {
      const response = await secure.http.get('/api/health').expect(200);
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    });

    it('serves no API docs', async () => {
      await secure.http.get('/api/docs').expect(404);
      await secure.http.get('/api/docs-json').expect(404);
    });
  });
});
