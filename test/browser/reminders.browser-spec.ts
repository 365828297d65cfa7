import { NotificationEntity, NotificationRepository } from '@resetdesk/mail';
import { ReminderScanService } from '@resetdesk/reminders';
import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { DAY_MS, insertAccountsExpiring } from '../support/bulk-accounts';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('admin UI: expiry reminders', () => {
  let ui: AdminUiSession;
  let stack: TestStack;
  let page: Page;
  let baseUrl: string;
  let failedId: number;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'supervisor', mailCatcher: true });
    ({ stack, page, baseUrl } = ui);

    // Holders expiring in 7, 3 and 10 days (real days: the UI runs on the real clock), and one far off.
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`).getTime();
    const days = [7, 3, 10, 60];
    await insertAccountsExpiring(
      (sql, params) => stack.dataSource.query(sql, params),
      days.length,
      (index) => new Date(today + days[index]! * DAY_MS),
      { prefix: 'holder' },
    );
    // The 3-day reminder bounces: the queue is held while its row is marked failed, as the mail worker would after five tries.
    await stack.mailQueue.pause();
    await stack.api.get(ReminderScanService).run({ trigger: 'cli' });
    const bounced = await stack.dataSource.getRepository(NotificationEntity).findOneByOrFail({ recipient: 'holder1@example.com' });
    failedId = bounced.id;
    await stack.api.get(NotificationRepository).markAttemptFailed(failedId, 'EENVELOPE 550 5.1.1 mailbox unavailable', true, new Date());
    await stack.mailQueue.resume();
    await waitFor(
      async () =>
        (await stack.dataSource.getRepository(NotificationEntity).findOneByOrFail({ recipient: 'holder0@example.com' })).status === 'sent',
      {
        what: 'the 7-day reminder to be sent',
      },
    );
  });

  afterAll(() => ui?.close());

  it('shows upcoming expiries with each reminder’s state and the last scan', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByRole('menuitem', { name: 'Upcoming expiries' }).click();
    await page
      .getByTestId('last-scan')
      .getByText(/2 reminders queued, 0 already sent/)
      .waitFor();
    const rows = page.getByRole('row');
    await rows.filter({ hasText: 'holder1' }).getByText('3d failed').waitFor();
    await rows.filter({ hasText: 'holder0' }).getByText('7d sent').waitFor();
    await rows.filter({ hasText: 'holder2' }).getByText('7d due').waitFor();
    // 60 days out is beyond the default 14-day window.
    expect(await rows.filter({ hasText: 'holder3' }).count()).toBe(0);
    await screenshot(page, 'reminders-01-upcoming-expiries');
  });

  it('filters the delivery log down to the 3-day reminders', async () => {
    await page.goto(
      `${baseUrl}/admin/notifications?filter=${encodeURIComponent(JSON.stringify({ kind: 'expiry-reminder', milestone: 3 }))}`,
    );
    const row = page.getByRole('row').filter({ hasText: 'holder1@example.com' });
    await row.getByText('mailbox unavailable').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'holder0@example.com' }).count()).toBe(0);
    await screenshot(page, 'reminders-02-delivery-log-filtered');
  });

  it('retries the failed reminder from the account page', async () => {
    await page.goto(`${baseUrl}/admin/upcoming-expiries`);
    await page.getByRole('row').filter({ hasText: 'holder1' }).getByText('Holder 1').click();
    const reminders = page.getByTestId('account-reminders');
    await reminders.getByTestId('notification-status').getByText('failed').waitFor();
    await screenshot(page, 'reminders-03-account-failed-reminder');
    await reminders.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(`Notification #${failedId} queued again`).waitFor();
    await waitFor(
      async () => (await stack.dataSource.getRepository(NotificationEntity).findOneByOrFail({ id: failedId })).status === 'sent',
      { what: 'the retried reminder to be sent' },
    );
    await page.reload();
    await page.getByTestId('account-reminders').getByTestId('notification-status').getByText('sent').waitFor();
    await screenshot(page, 'reminders-04-account-reminder-retried');
  });
});
