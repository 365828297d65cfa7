import { TestMailbox } from './smtp-sink';
import { signedIn } from './staff';
import { as, resetState, startTestStack, TestStack } from './test-stack';

type Api = ReturnType<typeof as>;

export interface Desk {
  mailbox: TestMailbox;
  stack: TestStack;
  /** A signed-in admin, new for each test. */
  admin: Api;
}

/**
 * The setup the helpdesk e2e suites share: one stack whose worker delivers
 * to a test mailbox; before each test the state is emptied, fake clocks are
 * restored, the mailbox is cleared and a fresh admin signs in. The returned
 * object is filled in by the hooks.
 */
export function useDesk(env: Record<string, string> = {}): Desk {
  const desk = {} as Desk;
  beforeAll(async () => {
    desk.mailbox = await TestMailbox.start();
    desk.stack = await startTestStack({ env: { SMTP_URL: desk.mailbox.url, ...env } });
  });
  afterAll(async () => {
    await desk.stack?.close();
    await desk.mailbox?.stop();
  });
  beforeEach(async () => {
    jest.restoreAllMocks();
    await resetState(desk.stack);
    desk.mailbox.clear();
    desk.admin = as(desk.stack, (await signedIn(desk.stack, 'admin')).token);
  });
  return desk;
}

/** The account holder most tests talk about; returns the account id. */
export async function createDana(admin: Api, extra: Record<string, unknown> = {}): Promise<number> {
  return (
    await admin
      .post('/api/accounts')
      .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', ...extra })
      .expect(201)
  ).body.id as number;
}
