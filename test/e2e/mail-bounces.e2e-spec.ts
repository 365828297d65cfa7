import { SMTPServer } from 'smtp-server';
import { freePort } from '../support/ports';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** A mail server that refuses one address for good (550) and another for now (451), and takes the rest. */
async function rejectingSmtp(): Promise<{ url: string; accepted: string[]; stop: () => Promise<void> }> {
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refuse = (code: number, text: string) => callback(Object.assign(new Error(text), { responseCode: code }));
      if (address.address === 'gone@example.com') return refuse(550, '5.1.1 <gone@example.com>: Recipient address rejected: User unknown');
      if (address.address === 'busy@example.com') return refuse(451, '4.2.0 <busy@example.com>: Mailbox busy, try again later');
      callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        accepted.push(...session.envelope.rcptTo.map((to) => to.address));
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, accepted, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a mail server that refuses an address', () => {
  let smtp: Awaited<ReturnType<typeof rejectingSmtp>>;
  let stack: TestStack;
  let supervisor: ReturnType<typeof as>;

  beforeAll(async () => {
    smtp = await rejectingSmtp();
    stack = await startTestStack({ env: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp?.stop();
  });
  beforeEach(async () => {
    await resetState(stack);
    supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
  });

  const notification = async (id: number) => (await supervisor.get(`/api/notifications/${id}`).expect(200)).body;

  it('fails a permanent rejection (550) at once, marked permanent, instead of retrying it for a day', async () => {
    const id = (await supervisor.post('/api/system/test-email').send({ to: 'gone@example.com' }).expect(202)).body.notificationId;

    await waitFor(async () => (await notification(id)).status === 'failed', { what: 'the notification to fail' });
    expect(await notification(id)).toMatchObject({ attempts: 1, failureKind: 'permanent', lastError: expect.stringMatching(/550/) });
  });

  it('keeps retrying a temporary one (451), marked temporary, and delivers the rest', async () => {
    const busy = (await supervisor.post('/api/system/test-email').send({ to: 'busy@example.com' }).expect(202)).body.notificationId;
    await supervisor.post('/api/system/test-email').send({ to: 'fine@example.com' }).expect(202);

    await waitFor(async () => (await notification(busy)).attempts >= 2, { what: 'a second attempt' });
    expect(await notification(busy)).toMatchObject({ failureKind: 'temporary', lastError: expect.stringMatching(/451/) });
    await waitFor(() => smtp.accepted.includes('fine@example.com'), { what: 'the other email' });
  });
});
