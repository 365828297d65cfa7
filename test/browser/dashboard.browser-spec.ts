import { AuditEventEntity } from '@resetdesk/audit';
import { Page } from 'playwright-core';
import { AdminUiSession, downloadedText, openAdminUi, screenshot } from '../support/browser';
import { DAY_MS, insertAccountsExpiring } from '../support/bulk-accounts';
import { insertAuditEvents, insertNotifications, insertTickets } from '../support/bulk-history';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';
import { expectAccessible } from '../support/axe';

/** Noon UTC `days` before today (the UI and the API run on the real clock; the browser's zone is the machine's). */
const daysAgo = (days: number) => new Date(new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00.000Z`).getTime() - days * DAY_MS);
const HOUR_MS = 3_600_000;

describe('admin UI: supervisor dashboard', () => {
  let ui: AdminUiSession;
  let stack: TestStack;
  let page: Page;
  let baseUrl: string;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'supervisor' });
    ({ stack, page, baseUrl } = ui);
    const query = (sql: string, params: unknown[]) => stack.dataSource.query(sql, params);
    // Two holders expire within the next 30 days, one far later; the first also owns the tickets.
    const expiries = [3, 10, 200].map((days) => new Date(daysAgo(-days).getTime()));
    await insertAccountsExpiring(query, expiries.length, (index) => expiries[index]!, { prefix: 'holder' });
    const [{ id: accountId }] = await query("SELECT id FROM accounts WHERE username = 'holder0'", []);

    // Within the last 30 days: 4 opened, 1 resolved. Within 90: 7 opened, 3 resolved.
    await insertTickets(
      query,
      [1, 2, 2, 5, 45, 60, 75].map((days, index) => ({
        accountId: Number(accountId),
        channel: index % 2 ? 'portal' : 'phone',
        createdAt: daysAgo(days),
        resolvedAt: [2, 45, 75].includes(days) && index !== 1 ? new Date(daysAgo(days).getTime() + HOUR_MS) : null,
      })),
    );
    const events = (action: string, days: number[], details: Record<string, unknown> = {}) =>
      days.map((day) => ({ action, occurredAt: daysAgo(day), details }));
    await insertAuditEvents(query, [
      ...events('verification.code_sent', [1, 2, 2, 5, 45]),
      ...events('verification.verified', [1, 2, 45]),
      ...events('verification.failed', [2]),
      ...events('account.password_set', [1, 45], { reason: 'reset-link' }),
      ...events('account.password_set', [2], { reason: 'assisted-reset' }),
      ...events('account.password_set', [3, 4], { reason: 'self-service' }),
      ...events('account.password_set', [6], { reason: 'chat' }),
    ]);
    await insertNotifications(query, [
      { kind: 'expiry-reminder', milestone: 7, status: 'sent', createdAt: daysAgo(3) },
      { kind: 'expiry-reminder', milestone: 3, status: 'sent', createdAt: daysAgo(2) },
      { kind: 'expiry-reminder', milestone: 0, status: 'failed', createdAt: daysAgo(1) },
    ]);
  });

  afterAll(() => ui?.close());

  const card = (id: string) => page.getByTestId(`stat-${id}-value`);

  it('shows the last 30 days as headline cards and charts', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByTestId('supervisor-dashboard').waitFor();
    await card('opened').getByText('4 / 1').waitFor();
    expect(await card('open').textContent()).toBe('4');
    expect(await card('time-to-resolve').textContent()).toBe('1.0 h');
    expect(await card('verification').textContent()).toBe('50 %');
    expect(await card('resets').textContent()).toBe('5');
    expect(await card('reminders').textContent()).toBe('2');
    expect(await card('failed').textContent()).toBe('1');
    expect(await card('expiring').textContent()).toBe('2');
    // The charts drew their bars and lines.
    for (const chart of ['tickets', 'verification', 'resets', 'expiries', 'reminders', 'open-tickets']) {
      expect(await page.getByTestId(`chart-${chart}`).locator('.recharts-surface').count()).toBeGreaterThan(0);
    }
    // Sent, verified and wrong codes have bars; nothing was locked.
    expect(await page.getByTestId('chart-verification').locator('.recharts-bar-rectangle').count()).toBe(3);
    await page.getByTestId('chart-tickets').getByText('4 opened →').waitFor();
    // Each figure beside the 30 days before: one ticket then (45 days ago), four now.
    expect(await page.getByTestId('stat-opened').getByTestId('versus').textContent()).toBe('▲ 3 on the 30 days before (1)');
    // Nothing waits or is stuck yet; the failed reminder is there to retry.
    expect(await card('now-awaiting-approval').textContent()).toBe('0');
    expect(await card('now-stale-verifying').textContent()).toBe('0');
    expect(await card('now-failed-deliveries').textContent()).toBe('1');
    await screenshot(page, 'dashboard-01-last-30-days');
    await expectAccessible(page);
  });

  it('changes the range to 90 days, then per week', async () => {
    await page.getByRole('button', { name: 'Last 90 days' }).click();
    await card('opened').getByText('7 / 3').waitFor();
    expect(await card('verification').textContent()).toBe('60 %');
    await page.getByRole('button', { name: 'Per week' }).click();
    // 90 days make 13 or 14 ISO weeks, depending on the weekday today falls on.
    await page
      .getByTestId('chart-tickets')
      .getByText(/^\w{3} \d{1,2} – \w{3} \d{1,2}$/)
      .first()
      .waitFor();
    const bars = page.getByTestId('chart-tickets').locator('.recharts-bar-rectangle');
    // 7 opened and 3 resolved fall into at most 10 weekly bars.
    await waitFor(async () => (await bars.count()) > 0 && (await bars.count()) <= 10, { what: 'weekly bars on the tickets chart' });
    await page.getByText(/Days \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} in /).waitFor();
    await screenshot(page, 'dashboard-02-90-days-per-week');
  });

  it('narrows to fixed days with the date fields', async () => {
    const from = daysAgo(5).toISOString().slice(0, 10);
    const to = daysAgo(2).toISOString().slice(0, 10);
    await page.getByRole('textbox', { name: 'From', exact: true }).fill(from);
    await page.getByRole('textbox', { name: 'To', exact: true }).fill(to);
    // 5 and 2 days ago: three tickets opened, one resolved; the preset buttons are no longer pressed.
    await card('opened').getByText('3 / 1').waitFor();
    expect(await page.getByRole('button', { name: 'Last 90 days' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('opens the list behind a card, filtered to the same range', async () => {
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await card('opened').getByText('4 / 1').waitFor();
    await page.getByTestId('stat-opened').click();
    await page.waitForURL(/\/admin\/tickets\?/);
    const filter = JSON.parse(new URL(page.url()).searchParams.get('filter')!);
    expect(Object.keys(filter).sort()).toEqual(['createdFrom', 'createdTo']);
    await page.getByText('1-4 of 4').waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Locked out' }).count()).toBe(4);
    await screenshot(page, 'dashboard-03-card-to-filtered-tickets');

    await page.goBack();
    await page.getByTestId('stat-failed').click();
    await page.waitForURL(/\/admin\/notifications\?/);
    await page.getByText('1-1 of 1').waitFor();
  });

  it('exports the figures as CSV and the export lands in the audit trail', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await card('opened').getByText('4 / 1').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^resetdesk-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await downloadedText(download);
    expect(csv.split('\r\n')[0]).toBe('figure,dimension,start,end,value');
    expect(csv).toMatch(/\r\ntickets_opened,,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},4\r\n/);
    expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'stats.exported' })).toBe(1);
  });

  it('leads with what needs action now: tickets stuck past their thresholds, each card opening exactly those', async () => {
    const query = (sql: string, params: unknown[]) => stack.dataSource.query(sql, params);
    const [{ id: accountId }] = await query("SELECT id FROM accounts WHERE username = 'holder1'", []);
    const now = Date.now();
    await insertTickets(query, [
      // A code sent an hour ago and never read back; another sent a minute ago (not stuck yet).
      { accountId: Number(accountId), status: 'verifying', createdAt: new Date(now - HOUR_MS) },
      { accountId: Number(accountId), status: 'verifying', createdAt: new Date(now - 60_000) },
      // A link sent three hours ago, never used.
      { accountId: Number(accountId), status: 'reset_sent', createdAt: new Date(now - 3 * HOUR_MS) },
    ]);
    await page.goto(`${baseUrl}/admin/`);
    await card('now-stale-verifying').getByText('1').waitFor();
    expect(await card('now-stale-reset-sent').textContent()).toBe('1');
    await screenshot(page, 'dashboard-04-needs-action');
    await page.getByTestId('stat-now-stale-verifying').click();
    await page.waitForURL(/\/admin\/tickets\?/);
    expect(JSON.parse(new URL(page.url()).searchParams.get('filter')!)).toMatchObject({ status: 'verifying' });
    await page.getByText('1-1 of 1').waitFor();
  });
});
