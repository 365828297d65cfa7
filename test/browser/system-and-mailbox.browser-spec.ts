import { as } from '../support/test-stack';
import { signedIn } from '../support/staff';
import { DataCipher } from '@resetdesk/core';
import { NotificationRepository } from '@resetdesk/mail';
import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

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

  /** A delivery-log row that failed for good, as after an SMTP outage. */
  async function failedEmail(
    recipient: string,
    reason = 'ECONNREFUSED connect ECONNREFUSED 10.0.0.9:25',
    accountId: number | null = null,
  ): Promise<number> {
    const notifications = stack.api.get(NotificationRepository);
    const payload = stack.api.get(DataCipher).encryptJson({ requestedAt: 'earlier' });
    const id = await notifications.insertQueued(
      stack.dataSource.manager,
      {
        kind: 'test-email',
        channel: 'email',
        recipient,
        subject: 'ResetDesk test email',
        payload,
        milestone: null,
        accountId,
        dedupeKey: null,
      },
      new Date(),
    );
    await notifications.beginAttempt(id!, null, new Date(), 60_000);
    await notifications.markAttemptFailed(id!, reason, true, new Date());
    return id!;
  }

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
    await page
      .getByTestId('test-email-queued')
      .getByText(/notification #\d+/)
      .waitFor();
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
    await page
      .getByTestId('mail-text')
      .getByText(/Checking the relay from the browser test/)
      .waitFor();
    await screenshot(page, '05-mailbox-text');
  });

  it('lists the email as sent in the delivery log', async () => {
    await page.getByRole('menuitem', { name: 'Notifications' }).click();
    const row = page.getByRole('row').filter({ hasText: 'ops@example.com' });
    await row.getByTestId('notification-status').getByText('sent').waitFor({ timeout: 15_000 });
    await screenshot(page, '06-notifications');
  });

  it('retries a failed email from the delivery log', async () => {
    const id = await failedEmail('bounced@example.com');

    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"failed"}')}`);
    const row = page.getByRole('row').filter({ hasText: 'bounced@example.com' });
    await row.getByText('ECONNREFUSED').waitFor();
    await row.getByText('temporary').waitFor();
    await screenshot(page, '07-failed-notification');
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(`Notification #${id} queued again`).waitFor();
    // It leaves the failed-only list, but stays in view above it with its new state.
    const retried = page.getByTestId('retried-panel');
    await retried.getByText(`#${id} bounced@example.com`).waitFor();
    await retried.getByText('sent').waitFor({ timeout: 15_000 });
    await screenshot(page, '07b-retried-stays-in-view');

    await page.goto(`${baseUrl}/admin/notifications/${id}/show`);
    await page.getByTestId('notification-status').getByText('sent').waitFor({ timeout: 15_000 });
    await screenshot(page, '08-retried-notification');
  });

  it('retries every failed email at once after confirming, says how many, and each is delivered', async () => {
    const ids = [
      await failedEmail('outage1@example.com'),
      await failedEmail('outage2@example.com'),
      await failedEmail('outage3@example.com'),
    ];

    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"failed"}')}`);
    await page.getByRole('row').filter({ hasText: 'outage3@example.com' }).getByText('ECONNREFUSED').waitFor();
    await page.getByRole('button', { name: 'Retry all failed' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Retry every failed notification?').waitFor();
    await screenshot(page, '09-retry-all-confirm');
    await dialog.getByRole('button', { name: 'Retry all' }).click();
    await page.getByText('3 failed notifications queued again').waitFor();
    await screenshot(page, '10-retry-all-notice');

    const notifications = stack.api.get(NotificationRepository);
    await waitFor(async () => (await Promise.all(ids.map((id) => notifications.findById(id)))).every((row) => row?.status === 'sent'), {
      timeoutMs: 15_000,
      what: 'the retried emails to be sent',
    });
    // The list remembers its last filter ("failed"): ask for sent ones.
    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"sent"}')}`);
    for (const recipient of ['outage1@example.com', 'outage2@example.com', 'outage3@example.com']) {
      await page
        .getByRole('row')
        .filter({ hasText: recipient })
        .getByTestId('notification-status')
        .getByText('sent')
        .waitFor({ timeout: 15_000 });
    }
    await page.goto(`${baseUrl}/admin/notifications/${ids[0]}/show`);
    await page.getByText('Last attempt started').waitFor();
    await page.getByText(/^<notification\.\d+\.[0-9a-z]+@resetdesk\.local>$/).waitFor();
    await screenshot(page, '11-retried-all-delivered');
  });

  it('marks a refused address as permanent and links to the account to fix it', async () => {
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    const accountId = (
      await admin.post('/api/accounts').send({ username: 'gone', email: 'gone@example.com', displayName: 'Gone Away' }).expect(201)
    ).body.id as number;
    await failedEmail('gone@example.com', 'EENVELOPE 550 5.1.1 <gone@example.com>: Recipient address rejected', accountId);

    await page.goto(`${baseUrl}/admin/notifications?filter=${encodeURIComponent('{"status":"failed"}')}`);
    const row = page.getByRole('row').filter({ hasText: 'gone@example.com' });
    await row.getByTestId('failure-permanent').waitFor();
    await row.getByRole('link', { name: 'Fix the address' }).click();
    await page.waitForURL(`${baseUrl}/admin/accounts/${accountId}/show`);
  });
});
