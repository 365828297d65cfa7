import { signWebhook } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { freePort } from '../support/ports';
import { waitFor } from '../support/wait-for';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

describe('demo mailbox API (MAIL_CATCHER=true)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const smtpPort = await freePort();
    const port = await freePort();
    stack = await startTestStack({
      port,
      env: {
        MAIL_CATCHER: 'true',
        MAIL_CATCHER_PORT: String(smtpPort),
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        // As in `npm run demo`: chat codes go to the API's own demo chat inbox.
        CHAT_OUTBOUND_URL: `http://127.0.0.1:${port}/api/dev/chat-inbox`,
      },
    });
    // Mail queued by earlier suites must not land in this mailbox.
    await resetState(stack);
  });

  afterAll(() => stack.close());

  /** A freshly signed-in supervisor (tables are emptied between tests). */
  const staffApi = async () => as(stack, (await signedIn(stack, 'supervisor')).token);

  it('catches what the worker sends and shows it as HTML and text', async () => {
    const api = await staffApi();
    await api.delete('/api/dev/mailbox').expect(204);
    expect((await api.get('/api/system/info').expect(200)).body).toEqual({ mailCatcher: true, chatDelivery: true });
    await api.post('/api/system/test-email').send({ to: 'caught@example.com', note: 'in the catcher' }).expect(202);

    // Wait for this test's message; mail another suite left queued may arrive too and is not ours to judge.
    const list = await waitFor(
      async () => {
        const response = await api.get('/api/dev/mailbox').expect(200);
        const mine = (response.body as Array<{ id: number; to: string[]; subject: string }>).filter((message) =>
          message.to.includes('caught@example.com'),
        );
        return mine.length > 0 ? mine : undefined;
      },
      { what: 'the test email in the mailbox' },
    );
    expect(list).toEqual([expect.objectContaining({ to: ['caught@example.com'], subject: 'ResetDesk test email' })]);
    expect(list[0]).not.toHaveProperty('html');

    const message = await api.get(`/api/dev/mailbox/${list[0]!.id}`).expect(200);
    expect(message.body.html).toContain('in the catcher');
    expect(message.body.text).toContain('in the catcher');
  });

  it('answers 404 for a message it does not hold and 400 for a bad id', async () => {
    const api = await staffApi();
    expect((await api.get('/api/dev/mailbox/999').expect(404)).body.message).toBe('Message 999 is not in the mailbox');
    expect((await api.get('/api/dev/mailbox/x').expect(400)).body.message).toBe('id must be a positive whole number');
  });

  it('shows codes sent by chat, delivered through the signed webhook to the demo chat inbox', async () => {
    const api = await staffApi();
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    const account = (
      await admin
        .post('/api/accounts')
        .send({ username: 'chatty', email: 'chatty@example.com', displayName: 'Chatty', chatId: 'U2001' })
        .expect(201)
    ).body;
    const ticketId = (await api.post('/api/tickets').send({ accountId: account.id, subject: 'Locked out', channel: 'chat' }).expect(201))
      .body.id;
    await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'chat' }).expect(202);
    const [caught] = await waitFor(
      async () => {
        const mine = ((await api.get('/api/dev/mailbox').expect(200)).body as Array<{ id: number; to: string[] }>).filter((message) =>
          message.to.includes('U2001'),
        );
        return mine.length > 0 ? mine : undefined;
      },
      { what: 'the chat message in the mailbox' },
    );
    const message = (await api.get(`/api/dev/mailbox/${caught!.id}`).expect(200)).body;
    expect(message).toMatchObject({
      from: 'chat webhook',
      subject: 'Chat message to U2001',
      text: expect.stringContaining(`support ticket #${ticketId}`),
    });
  });

  it('refuses unsigned, wrongly signed and stale chat inbox posts', async () => {
    const body = JSON.stringify({ chatId: 'U1', text: 'hello' });
    const post = (headers: Record<string, string>) =>
      stack.http.post('/api/dev/chat-inbox').set('Content-Type', 'application/json').set(headers).send(body);
    const now = Math.floor(Date.now() / 1000);
    const secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
    await post({}).expect(401);
    await post({ 'X-ResetDesk-Timestamp': String(now), 'X-ResetDesk-Signature': signWebhook('not-the-secret', now, body) }).expect(401);
    await post({ 'X-ResetDesk-Timestamp': String(now - 600), 'X-ResetDesk-Signature': signWebhook(secret, now - 600, body) }).expect(401);
    await post({ 'X-ResetDesk-Timestamp': String(now), 'X-ResetDesk-Signature': signWebhook(secret, now, body) }).expect(200);
  });
});
