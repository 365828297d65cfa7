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
    await page.getByText('Element updated').waitFor();
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
});
