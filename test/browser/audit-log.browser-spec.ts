import { AuditSealer } from '@resetdesk/audit';
import { Page } from 'playwright-core';
import { AdminUiSession, downloadedText, openAdminUi, screenshot } from '../support/browser';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('admin UI: audit log', () => {
  let ui: AdminUiSession;
  let stack: TestStack;
  let page: Page;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'supervisor', worker: true, email: 'sam@example.com' });
    ({ stack, page } = ui);
    // A little history besides the sign-in: a failed one.
    await stack.http.post('/api/auth/login').send({ email: ui.staff.email, password: 'wrong-password' });
    await stack.worker!.get(AuditSealer).sealPending();
  });

  afterAll(() => ui?.close());

  it('verifies the chain and shows the badge', async () => {
    await page.getByRole('menuitem', { name: 'Audit log' }).click();
    await page
      .getByTestId('chain-badge')
      .getByText(/Chain not verified yet|Chain verified/)
      .waitFor();
    await waitFor(async () => (await stack.http.get('/api/health')).status === 200, { what: 'health' });
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page
      .getByTestId('chain-badge')
      .getByText(/^Chain verified .* · \d+ events/)
      .waitFor();
    await screenshot(page, '20-audit-log');
  });

  it('filters by action and opens an event', async () => {
    await page.getByRole('combobox', { name: 'Action' }).click();
    await page.getByRole('option', { name: 'auth.sign_in.failed' }).click();
    const rows = page.getByRole('row').filter({ hasText: 'auth.sign_in.failed' });
    await rows.first().waitFor();
    // The list refreshes with the filter: no other action stays on screen.
    await waitFor(async () => (await page.getByRole('row').filter({ hasText: 'auth.sign_in.succeeded' }).count()) === 0, {
      what: 'the filtered list',
    });
    await screenshot(page, '21-audit-filtered');
    await rows.first().click();
    await page
      .getByTestId('event-details')
      .getByText(/"reason": "wrong password"/)
      .waitFor();
    await page.getByText('Hash chain').waitFor();
    await screenshot(page, '22-audit-event');
    await page.goBack();
    await page.getByRole('combobox', { name: 'Action' }).getByText('auth.sign_in.failed').waitFor();
  });

  it('exports the filtered log as CSV', async () => {
    await page.getByRole('row').filter({ hasText: 'auth.sign_in.failed' }).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await downloadedText(download);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^seq,id,occurredAt,/);
    expect(lines.slice(1).every((line) => line.includes('auth.sign_in.failed'))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
  });

  it('shows the chain badge on the System page', async () => {
    await page.getByRole('menuitem', { name: 'System' }).click();
    await page
      .getByTestId('chain-badge')
      .getByText(/^Chain verified/)
      .waitFor();
    await screenshot(page, '23-system-with-chain');
  });
});
