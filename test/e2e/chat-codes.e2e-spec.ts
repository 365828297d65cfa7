import { isValidWebhookSignature } from '@resetdesk/chat';
import { chatConfig, ChatConfigType } from '@resetdesk/chat';
import { NotificationEntity } from '@resetdesk/mail';
import { ChatSink } from '../support/chat-sink';
import { TestMailbox } from '../support/smtp-sink';
import { signedIn } from '../support/staff';
import { openTicket } from '../support/tickets';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('verification codes by chat (signed outbound webhook)', () => {
  let chat: ChatSink;
  let mailbox: TestMailbox;
  let stack: TestStack;
  let api: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let accountId: number;

  beforeAll(async () => {
    chat = new ChatSink();
    await chat.start();
    mailbox = await TestMailbox.start();
    stack = await startTestStack({ env: { SMTP_URL: mailbox.url, CHAT_OUTBOUND_URL: chat.url } });
  });

  afterAll(async () => {
    await stack.close();
    await mailbox.stop();
    await chat.stop();
  });

  beforeEach(async () => {
    await resetState(stack);
    chat.messages.length = 0;
    chat.status = 200;
    api = as(stack, (await signedIn(stack, 'agent')).token);
    admin = as(stack, (await signedIn(stack, 'admin')).token);
    accountId = (
      await admin
        .post('/api/accounts')
        .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', chatId: 'U1042' })
        .expect(201)
    ).body.id;
  });

  it('posts the code to the linked chat id, signed over timestamp and body; the code verifies the caller', async () => {
    const ticketId = await openTicket(api, accountId);
    expect((await api.get(`/api/tickets/${ticketId}`).expect(200)).body.accountChatLinked).toBe(true);
    const sent = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'chat' }).expect(202);
    expect(JSON.stringify(sent.body)).not.toMatch(/"code"/);

    const [message] = await waitFor(() => (chat.messages.length > 0 ? chat.messages : undefined), { what: 'a chat webhook call' });
    expect(message!.body).toEqual({ chatId: 'U1042', text: expect.stringContaining(`support ticket #${ticketId}`) });
    expect(message!.body.text).toContain('Test from our support staff will ask you for this code on this ticket only');
    const timestamp = message!.headers['x-resetdesk-timestamp'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
    const secret = stack.api.get<ChatConfigType>(chatConfig.KEY).webhookSecret;
    expect(isValidWebhookSignature(secret, timestamp, message!.rawBody, message!.headers['x-resetdesk-signature'] as string)).toBe(true);
    expect(
      isValidWebhookSignature(secret, String(Number(timestamp) + 1), message!.rawBody, message!.headers['x-resetdesk-signature'] as string),
    ).toBe(false);

    const code = /: (\d{6})\./.exec(message!.body.text)![1]!;
    await api.post(`/api/tickets/${ticketId}/otp/verify`).send({ code }).expect(200);
    const ticket = (await api.get(`/api/tickets/${ticketId}`).expect(200)).body;
    expect(ticket).toMatchObject({ status: 'verified', codes: [expect.objectContaining({ channel: 'chat', status: 'verified' })] });
    const row = await stack.dataSource.getRepository(NotificationEntity).findOneByOrFail({ kind: 'assisted-code' });
    expect(row).toMatchObject({ channel: 'chat', recipient: 'U1042', status: 'sent', messageId: 'chat-1' });
    // Only the ticket-opened email goes by mail; the code went by chat alone.
    await mailbox.waitForMessage((mail) => /^Support ticket #\d+ opened/.test(mail.subject));
    expect(await stack.dataSource.getRepository(NotificationEntity).findBy({ channel: 'email' })).toEqual([
      expect.objectContaining({ kind: 'ticket-opened' }),
    ]);
    expect(mailbox.messages.filter((mail) => mail.subject.startsWith('Your verification code'))).toEqual([]);
  });

  it('refuses chat for an account without a chat id, with a way forward, and sends nothing', async () => {
    const plain = (
      await admin.post('/api/accounts').send({ username: 'nochat', email: 'nochat@example.com', displayName: 'No Chat' }).expect(201)
    ).body.id;
    const ticketId = await openTicket(api, plain);
    const refused = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'chat' }).expect(422);
    expect(refused.body).toMatchObject({
      code: 'ACCOUNT_HAS_NO_CHAT_ID',
      message: 'Account nochat has no linked chat id; send the code by email',
    });
    expect(await stack.dataSource.query('SELECT id FROM verification_challenges')).toEqual([]);
    expect((await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'sms' }).expect(400)).body.message).toBe(
      'channel must be email, personal_email, chat or authenticator',
    );
  });

  it('records a refused webhook call as a failed attempt in the delivery log', async () => {
    chat.status = 503;
    const ticketId = await openTicket(api, accountId);
    await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'chat' }).expect(202);
    const row = await waitFor(
      async () => {
        const found = await stack.dataSource.getRepository(NotificationEntity).findOneBy({ kind: 'assisted-code' });
        // Attempts are counted before each send; the failure is written once the webhook has answered.
        return found?.lastError ? found : undefined;
      },
      { what: 'a failed chat delivery attempt' },
    );
    expect(row.lastError).toBe('The chat webhook answered 503 Service Unavailable');
    expect(row.lastError).not.toMatch(/\d{6}/);
  });
});

describe('verification codes by chat when the server has no CHAT_OUTBOUND_URL', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(async () => {
    await resetState(stack);
    await stack.close();
  });

  it('answers 409 saying chat delivery is not set up', async () => {
    await resetState(stack);
    const api = as(stack, (await signedIn(stack, 'agent')).token);
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    const accountId = (
      await admin
        .post('/api/accounts')
        .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', chatId: 'U1042' })
        .expect(201)
    ).body.id;
    const ticketId = await openTicket(api, accountId);
    const refused = await api.post(`/api/tickets/${ticketId}/otp`).send({ channel: 'chat' }).expect(409);
    expect(refused.body).toMatchObject({
      code: 'CHAT_DELIVERY_NOT_CONFIGURED',
      message: expect.stringMatching(/not set up on this server \(CHAT_OUTBOUND_URL\)/),
    });
  });
});
