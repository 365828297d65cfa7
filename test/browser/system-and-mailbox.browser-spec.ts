import { DataCipher } from '@resetdesk/core';
import { NotificationRepository } from '@resetdesk/mail';
import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { TestStack } from '../support/test-stack';

describe('admin UI: System, Notifications and Mailbox', () => {
  let ui: AdminUiSession;
  let stack: TestStack;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'supervisor', mailCatcher: true });
    ({ stack, page, baseUrl } = ui);
  });

  afterAll(() => ui?.close());

  it('shows healthy services on the System page', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByRole('menuitem', { name: 'System' }).click();
    for (const service of ['database', 'redis', 'smtp']) {
      await page.getByTestId(`service-${service}`).getByText('Healthy').waitFor();
    }
    await page.getByTestId('queue-table').getByText('mail').waitFor();
    await screenshot(page, '01-system-healthy');
  });

  it('queues a test email from the System page', async () => {
    await page.getByLabel('Recipient').fill('ops@example.com');
    await page.getByLabel('Note (optional)').fill('Checking the relay from the browser test');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByTestId('test-email-queued').getByText(/notification #\d+/).waitFor();
    await screenshot(page, '02-test-email-queued');
  });

  it('refuses an invalid recipient in the form', async () => {
    await page.getByLabel('Recipient').fill('not-an-address');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Must be a valid email').waitFor();
    await page.getByLabel('Recipient').fill('');
  });

  it('shows the caught email on the Mailbox page, as HTML and text', async () => {
    await page.getByRole('menuitem', { name: 'Mailbox' }).click();
    const row = page.getByRole('row').filter({ hasText: 'ResetDesk test email' });
    await row.first().waitFor({ timeout: 15_000 });
    await screenshot(page, '03-mailbox-list');
    await row.first().click();
    await page.getByText('ops@example.com').first().waitFor();
    const frame = page.frameLocator('iframe[title="Email HTML"]');
    await frame.getByText('Outgoing mail works').waitFor();
    await frame.getByText('Checking the relay from the browser test').waitFor();
    await screenshot(page, '04-mailbox-html');
    await page.getByRole('tab', { name: 'Text' }).click();
    await page.getByTestId('mail-text').getByText(/Checking the relay from the browser test/).waitFor();
    await screenshot(page, '05-mailbox-text');
  });

  it('lists the email as sent in the delivery log', async () => {
    await page.getByRole('menuitem', { name: 'Notifications' }).click();
    const row = page.getByRole('row').filter({ hasText: 'ops@example.com' });
    await row.getByTestId('notification-status').getByText('sent').waitFor({ timeout: 15_000 });
    await screenshot(page, '06-notifications');
  });

  it('retries a failed email from the delivery log', async () => {
    const notifications = stack.api.get(NotificationRepository);
    const id = await notifications.insertQueued(
      stack.dataSource.manager,
      { kind: 'test-email', channel: 'email', recipient: 'bounced@example.com', subject: 'ResetDesk test email', payload: stack.api.get(DataCipher).encryptJson({ requestedAt: 'earlier' }), milestone: null, accountId: null, dedupeKey: null },
      new Date(),
    );
    await notifications.markAttemptFailed(id!, 'ECONNREFUSED connect ECONNREFUSED 10.0.0.9:25', true, new Date());

    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"failed"}')}`);
    const row = page.getByRole('row').filter({ hasText: 'bounced@example.com' });
    await row.getByText('ECONNREFUSED').waitFor();
    await screenshot(page, '07-failed-notification');
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(`Notification #${id} queued again`).waitFor();

    await page.goto(`${baseUrl}/admin/notifications/${id}/show`);
    await page.getByTestId('notification-status').getByText('sent').waitFor({ timeout: 15_000 });
    await screenshot(page, '08-retried-notification');
  });
});
