import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';

describe('admin UI: password policies', () => {
  let ui: AdminUiSession;
  let page: Page;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'admin' });
    page = ui.page;
  });

  afterAll(() => ui?.close());

  const rule = (code: string) => page.getByTestId(`rule-${code}`);

  it('lists the shipped presets with the default marked', async () => {
    await page.getByRole('menuitem', { name: 'Policies' }).click();
    for (const name of ['Member portal', 'Web account', 'Corporate']) await page.getByRole('row').filter({ hasText: name }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Member portal' }).getByText('default').waitFor();
    await screenshot(page, '30-policies');
  });

  it('edits a policy, and the password checker reacts while typing', async () => {
    await page.getByRole('row').filter({ hasText: 'Corporate' }).click();
    await page.getByLabel('Minimum length').fill('14');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Policy "Corporate" saved').waitFor();
    await page.getByRole('row').filter({ hasText: 'Corporate' }).getByText('14').waitFor();

    await page.getByRole('row').filter({ hasText: 'Corporate' }).click();
    const tryout = page.getByTestId('try-password');
    await tryout.fill('Lantern-12');
    await rule('MIN_LENGTH').getByText('At least 14 characters').waitFor();
    await page.waitForSelector('[data-testid="rule-MIN_LENGTH"][data-passed="false"]');
    await tryout.fill('Lantern-Mosaic-77');
    await page.waitForSelector('[data-testid="rule-MIN_LENGTH"][data-passed="true"]');
    await page.getByText('Meets the "Corporate" policy').waitFor();
    await screenshot(page, '31-policy-tryout');
    await tryout.fill('passwordpassword');
    await page.waitForSelector('[data-testid="rule-BLOCKLIST"][data-passed="false"]');
    await screenshot(page, '32-policy-tryout-blocklist');
  });

  it('asks before a shorter maximum age expires passwords, saying how many', async () => {
    const [corporate] = await ui.stack.dataSource.query("SELECT id FROM password_policies WHERE name = 'Corporate'");
    const changed = new Date(Date.now() - 100 * 86_400_000);
    await ui.stack.dataSource.query(
      `INSERT INTO accounts (username, email, display_name, policy_id, password_changed_at, password_expires_at, created_at, updated_at)
       VALUES ('old100', 'old100@example.com', 'Old Hundred', ?, ?, DATE_ADD(?, INTERVAL 120 DAY), NOW(3), NOW(3))`,
      [corporate.id, changed, changed],
    );
    await page.getByRole('menuitem', { name: 'Policies' }).click();
    await page.getByRole('row').filter({ hasText: 'Corporate' }).click();
    await page.getByLabel('Maximum age (days)').fill('90');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/^This change expires the password of 1 account now \(of the 1 account it governs\)/).waitFor();
    await screenshot(page, '33-policy-impact');
    // Not saved while it asks; Cancel keeps the old age.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(
      (await ui.stack.dataSource.query('SELECT max_age_days AS days FROM password_policies WHERE id = ?', [corporate.id]))[0].days,
    ).toBe(120);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save and expire' }).click();
    await page.getByText('Policy "Corporate" saved').waitFor();
    await page.getByRole('row').filter({ hasText: 'Corporate' }).getByText('90').waitFor();
  });
});
