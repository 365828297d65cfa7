import { freePort } from '../support/browser';
import { waitFor } from '../support/wait-for';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

describe('demo mailbox API (MAIL_CATCHER=true)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    const smtpPort = await freePort();
    stack = await startTestStack({ env: { MAIL_CATCHER: 'true', MAIL_CATCHER_PORT: String(smtpPort), SMTP_URL: `smtp://127.0.0.1:${smtpPort}` } });
    // Mail queued by earlier suites must not land in this mailbox.
    await resetState(stack);
  });

  afterAll(() => stack.close());

  /** A freshly signed-in supervisor (tables are emptied between tests). */
  const staffApi = async () => as(stack, (await signedIn(stack, 'supervisor')).token);

  it('catches what the worker sends and shows it as HTML and text', async () => {
    const api = await staffApi();
    await api.delete('/api/dev/mailbox').expect(204);
    expect((await api.get('/api/system/info').expect(200)).body).toEqual({ mailCatcher: true });
    await api.post('/api/system/test-email').send({ to: 'caught@example.com', note: 'in the catcher' }).expect(202);

    // Wait for this test's message; mail another suite left queued may arrive too and is not ours to judge.
    const list = await waitFor(
      async () => {
        const response = await api.get('/api/dev/mailbox').expect(200);
        const mine = (response.body as Array<{ id: number; to: string[]; subject: string }>).filter((message) => message.to.includes('caught@example.com'));
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
});
