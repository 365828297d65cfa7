import { AuditSealer } from '@resetdesk/audit';
import { Page } from 'playwright-core';
import { AdminUiSession, downloadedText, openAdminUi, screenshot } from '../support/browser';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';
import { expectAccessible } from '../support/axe';

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

  it('filters by what happened, by staff member and by period, in words, and opens an event', async () => {
    const rows = page.locator('tbody tr');
    // A family of actions, by its name.
    await page.getByRole('combobox', { name: 'What' }).click();
    await page.getByRole('option', { name: 'All sign-ins' }).click();
    await page.getByRole('row').filter({ hasText: 'Sign-in failed' }).first().waitFor();
    await waitFor(async () => (await rows.allTextContents()).every((text) => /Signed in|Sign-in failed/.test(text)), {
      what: 'only sign-ins listed',
    });
    // The staff member by name: their own sign-ins, not the failed try (made before any sign-in, as anonymous).
    await page.getByRole('combobox', { name: 'Staff member' }).click();
    await page.getByRole('option', { name: 'Test supervisor (sam@example.com)' }).click();
    await waitFor(async () => (await rows.allTextContents()).every((text) => text.includes('Signed in')), { what: 'only Sam' });
    // The actor reads as the person, with the address recorded at the time beside it.
    await page.getByRole('row').filter({ hasText: 'Test supervisor' }).getByText('sam@example.com').first().waitFor();
    await screenshot(page, '21-audit-filtered');

    // Presets set From and Until: last week holds none of today's events, today holds them.
    await page.getByTestId('audit-period').click();
    await page.getByRole('option', { name: 'Last week (Mon–Sun)' }).click();
    await screenshot(page, '21a-audit-last-week');
    await page.getByText(/found using the current filters/).waitFor();
    await page.getByLabel('From').waitFor();
    await page.getByTestId('audit-period').click();
    await page.getByRole('option', { name: 'Today' }).click();
    await page.getByRole('row').filter({ hasText: 'Signed in' }).first().waitFor();
    await screenshot(page, '21b-audit-today');
    await expectAccessible(page);

    // Back to every actor, then the failed sign-in itself.
    await page.getByRole('combobox', { name: 'Staff member' }).click();
    await page.getByRole('combobox', { name: 'Staff member' }).fill('');
    await page.keyboard.press('Escape');
    await page.goto(`${ui.baseUrl}/admin/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'auth.sign_in.failed' }))}`);
    const failed = page.getByRole('row').filter({ hasText: 'Sign-in failed' });
    await failed.first().waitFor();
    await failed.first().click();
    await page
      .getByTestId('event-details')
      .getByText(/"reason": "wrong password"/)
      .waitFor();
    await page.getByText('Hash chain').waitFor();
    await screenshot(page, '22-audit-event');
    await page.goBack();
    await page.getByRole('row').filter({ hasText: 'Sign-in failed' }).first().waitFor();
  });

  it('exports the filtered log as CSV, with names and the times in this browser’s zone', async () => {
    await page.getByRole('row').filter({ hasText: 'Sign-in failed' }).first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await downloadedText(download);
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 5)).toEqual(['seq', 'id', 'occurredAt', 'localTime', 'timeZone']);
    expect(lines.length).toBeGreaterThan(0);
    const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    for (const line of lines) {
      const cells = line.split(',');
      expect(cells[columns.indexOf('action')]).toBe('auth.sign_in.failed');
      expect(cells[columns.indexOf('actionName')]).toBe('Sign-in failed');
      expect(cells[columns.indexOf('timeZone')]).toBe(zone);
      expect(cells[columns.indexOf('localTime')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}$/);
    }
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
