import { DataCipher } from '@resetdesk/core';
import { NotificationRepository } from '@resetdesk/mail';
import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('admin UI: retry every failed notification after an outage', () => {
  let ui: AdminUiSession;
  let stack: TestStack;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'supervisor', mailCatcher: true });
    ({ stack, page, baseUrl } = ui);
  });

  afterAll(() => ui?.close());

  async function failedEmail(recipient: string): Promise<number> {
    const notifications = stack.api.get(NotificationRepository);
    const payload = stack.api.get(DataCipher).encryptJson({ requestedAt: 'during the outage' });
    const id = await notifications.insertQueued(
      stack.dataSource.manager,
      { kind: 'test-email', channel: 'email', recipient, subject: 'ResetDesk test email', payload, milestone: null, accountId: null, dedupeKey: null },
      new Date(),
    );
    await notifications.beginAttempt(id!, null, new Date());
    await notifications.markAttemptFailed(id!, 'ECONNREFUSED connect ECONNREFUSED 10.0.0.9:25', true, new Date());
    return id!;
  }

  it('asks for confirmation, says how many were queued, and each is delivered', async () => {
    const ids = [await failedEmail('outage1@example.com'), await failedEmail('outage2@example.com'), await failedEmail('outage3@example.com')];

    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"failed"}')}`);
    await page.getByRole('row').filter({ hasText: 'outage3@example.com' }).getByText('ECONNREFUSED').waitFor();
    await page.getByRole('button', { name: 'Retry all failed' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Retry every failed notification?').waitFor();
    await screenshot(page, 'retry-all-01-confirm');
    await dialog.getByRole('button', { name: 'Retry all' }).click();
    await page.getByText('3 failed notifications queued again').waitFor();
    await screenshot(page, 'retry-all-02-notice');

    const notifications = stack.api.get(NotificationRepository);
    await waitFor(async () => (await Promise.all(ids.map((id) => notifications.findById(id)))).every((row) => row?.status === 'sent'), { timeoutMs: 15_000, what: 'the retried emails to be sent' });
    // The list remembers its last filter ("failed"): ask for sent ones.
    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"sent"}')}`);
    for (const recipient of ['outage1@example.com', 'outage2@example.com', 'outage3@example.com']) {
      await page.getByRole('row').filter({ hasText: recipient }).getByTestId('notification-status').getByText('sent').waitFor({ timeout: 15_000 });
    }
    await page.goto(`${baseUrl}/admin/notifications/${ids[0]}/show`);
    await page.getByText('Last attempt started').waitFor();
    await page.getByText(/^<notification\.\d+\.[0-9a-z]+@resetdesk\.local>$/).waitFor();
    await screenshot(page, 'retry-all-03-delivered');
  });
});
