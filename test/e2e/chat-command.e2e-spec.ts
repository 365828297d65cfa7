import { AccountEntity } from '@resetdesk/accounts';
import { AuditEventEntity } from '@resetdesk/audit';
import { signedWebhookHeaders, WEBHOOK_SIGNATURE_HEADER } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { PasswordHasher } from '@resetdesk/core';
import { freePort } from '../support/ports';
import { ApiProcess, runEntrypoint } from '../support/run-entrypoint';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

const NEW_PASSWORD = 'Chat-lantern-57-quiet';

describe('chat command #resetpassword#', () => {
  let mailbox: TestMailbox;
  let stack: TestStack;
  let secret: string;
  let accountId: number;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    stack = await startTestStack({ env: { SMTP_URL: mailbox.url } });
    secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
  });

  afterAll(async () => {
    await stack.close();
    await mailbox.stop();
  });

  beforeEach(async () => {
    await resetState(stack);
    mailbox.clear();
    admin = as(stack, (await signedIn(stack, 'admin')).token);
    accountId = (
      await admin
        .post('/api/accounts')
        .send({
          username: 'dreyes',
          email: 'dana@example.com',
          displayName: 'Dana Reyes',
          chatId: 'U1042',
          password: 'Original-pass-2026!',
        })
        .expect(201)
    ).body.id;
  });

  /** Posts like the chat app: raw JSON, signed over "<timestamp>.<body>". */
  const post = (
    message: object,
    { timestamp = Math.floor(Date.now() / 1000), key = secret, signature }: { timestamp?: number; key?: string; signature?: string } = {},
  ) => {
    const body = JSON.stringify(message);
    const headers = signedWebhookHeaders(key, body, timestamp);
    return stack.http
      .post('/api/integrations/chat')
      .set(signature === undefined ? headers : { ...headers, [WEBHOOK_SIGNATURE_HEADER]: signature })
      .send(body);
  };
  const account = () => stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: accountId });

  it('resets the linked account with a valid signed command, replies, confirms by email, keeps the password out of the trail', async () => {
    const answer = await post({ chatId: 'U1042', text: `#resetpassword#${NEW_PASSWORD}\n` }).expect(200);
    expect(answer.body).toEqual({
      reply: 'Done: your password has been changed. A confirmation email is on its way to the address we have for you.',
    });
    const holder = await account();
    expect(await stack.api.get(PasswordHasher).verify(holder.passwordHash!, NEW_PASSWORD)).toBe(true);
    await mailbox.waitForMessage((message) => message.subject === 'Password reset successful' && message.to.includes('dana@example.com'));
    const events = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { accountId } });
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['account.password_set', 'chat.command']));
    expect(events.filter((event) => event.action === 'account.password_set').map((event) => event.details)).toEqual([
      expect.objectContaining({ reason: 'admin' }),
      expect.objectContaining({ reason: 'chat' }),
    ]);
    expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
  });

  it('replies which rules failed and changes nothing', async () => {
    const answer = await post({ chatId: 'U1042', text: '#resetpassword#dreyes1' }).expect(200);
    expect(answer.body.reply).toMatch(
      /^Your password was not changed\. The password does not meet the "Member portal" policy: At least 12 characters;/,
    );
    expect((await account()).passwordVersion).toBe(1);
    const [event] = await stack.dataSource.getRepository(AuditEventEntity).find({ where: { action: 'chat.command' } });
    expect(event!.details).toMatchObject({ outcome: 'rejected', failedRules: expect.arrayContaining(['MIN_LENGTH']) });
  });

  it('refuses a missing or wrong signature and a replayed timestamp with 401, before reading the message', async () => {
    const message = { chatId: 'U1042', text: `#resetpassword#${NEW_PASSWORD}` };
    expect((await stack.http.post('/api/integrations/chat').send(message).expect(401)).body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    expect((await post(message, { key: 'not-the-secret' }).expect(401)).body.message).toBe(
      'X-ResetDesk-Signature does not match the body and timestamp',
    );
    expect((await post(message, { signature: 'sha256=00' }).expect(401)).body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const stale = Math.floor(Date.now() / 1000) - 301;
    expect((await post(message, { timestamp: stale }).expect(401)).body.message).toMatch(/within 5 minutes of now/);
    expect((await account()).passwordVersion).toBe(1);
  });

  it('answers an unknown chat id neutrally and other messages with help', async () => {
    expect((await post({ chatId: 'U9999', text: `#resetpassword#${NEW_PASSWORD}` }).expect(200)).body.reply).toMatch(
      /not linked to an account/,
    );
    expect((await post({ chatId: 'U1042', text: 'hello?' }).expect(200)).body.reply).toMatch(
      /^To choose a new password, send #resetpassword# followed by/,
    );
    // The separator and case are exact.
    expect((await post({ chatId: 'U1042', text: `#ResetPassword#${NEW_PASSWORD}` }).expect(200)).body.reply).toMatch(
      /^To choose a new password/,
    );
    expect((await account()).passwordVersion).toBe(1);
  });

  it('matches chat ids byte for byte: a look-alike of the linked id reaches nothing, one outside printable ASCII is refused', async () => {
    for (const chatId of ['u1042', 'U1O42', 'U10420']) {
      expect((await post({ chatId, text: `#resetpassword#${NEW_PASSWORD}` }).expect(200)).body.reply).toMatch(/not linked to an account/);
    }
    for (const chatId of ['Ú1042', 'Ｕ1042', 'U1042\u200b', 'U10\u000042', 'U10 42', '']) {
      expect((await post({ chatId, text: `#resetpassword#${NEW_PASSWORD}` }).expect(400)).body.message).toMatch(
        /^chatId must (be 1–128 printable ASCII characters without spaces|not be empty)/,
      );
    }
    expect((await account()).passwordVersion).toBe(1);
    // Surrounding white space is trimmed on every way in, so the id is the same one.
    expect((await post({ chatId: ' U1042 ', text: 'hello?' }).expect(200)).body.reply).toMatch(/^To choose a new password/);
  });

  it('keeps ids that differ only in case apart in the account API too, trims them and refuses look-alike characters', async () => {
    const other = (
      await admin
        .post('/api/accounts')
        .send({
          username: 'lowercase',
          email: 'lower@example.com',
          displayName: 'Lower Case',
          chatId: 'u1042',
          password: 'Original-pass-2026!',
        })
        .expect(201)
    ).body.id;
    expect((await admin.put(`/api/accounts/${other}`).send({ chatId: 'Ú1042' }).expect(400)).body.message).toMatch(
      /^chatId must be 1–128 printable ASCII characters without spaces/,
    );
    expect((await admin.put(`/api/accounts/${other}`).send({ chatId: '  u1042\t' }).expect(200)).body.chatId).toBe('u1042');
    expect(
      (
        await admin
          .post('/api/accounts')
          .send({ username: 'again', email: 'again@example.com', displayName: 'Again', chatId: 'U1042' })
          .expect(409)
      ).body.message,
    ).toMatch(/chat id U1042/);

    expect((await post({ chatId: 'u1042', text: `#resetpassword#${NEW_PASSWORD}` }).expect(200)).body.reply).toMatch(/^Done/);
    const holders = stack.dataSource.getRepository(AccountEntity);
    expect((await holders.findOneByOrFail({ id: other })).passwordVersion).toBe(2);
    expect((await account()).passwordVersion).toBe(1);
  });

  it('counts 50 messages at once from one chat id, with or without surrounding spaces, as 50: 5 answered', async () => {
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => post({ chatId: i % 2 ? 'U1042' : ' U1042 ', text: 'hi' })));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(5);
    expect(responses.filter((response) => response.status === 429)).toHaveLength(45);
  });

  it('limits messages per chat id and refuses bad bodies with 400', async () => {
    for (let i = 0; i < 5; i++) await post({ chatId: 'U1042', text: 'hi' }).expect(200);
    expect((await post({ chatId: 'U1042', text: 'hi' }).expect(429)).body.code).toBe('TOO_MANY_REQUESTS');
    expect((await post({ chatId: 'U1042' }).expect(400)).body.message).toMatch(/text must be text/);
    expect((await post({ chatId: 'U7', text: 'x', extra: 1 }).expect(400)).body.message).toMatch(/unknown field "extra"/);
  });
});

describe('npm run cli -- chat:send', () => {
  let stack: TestStack;
  let api: ApiProcess;
  let base: string;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    await resetState(stack);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = await ApiProcess.start(port, { LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await api?.stop();
    await resetState(stack);
    await stack.close();
  });

  it('signs and posts a message, prints the reply, and the password reaches no log line', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    await admin
      .post('/api/accounts')
      .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', chatId: 'U1042' })
      .expect(201);
    const sent = await runEntrypoint(
      'cli',
      ['chat:send', '--chat-id', 'U1042', '--text', `#resetpassword#${NEW_PASSWORD}`, '--url', base],
      {},
    );
    expect(sent).toMatchObject({ code: 0, stdout: expect.stringContaining('Reply: Done: your password has been changed.') });
    const wrong = await runEntrypoint('cli', ['chat:send', '--chat-id', 'U1042'], {});
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('--text is required') });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.output.stdout()).toContain('"url":"/api/integrations/chat"');
    expect(api.output.stdout() + api.output.stderr()).not.toContain(NEW_PASSWORD);
  });
});
