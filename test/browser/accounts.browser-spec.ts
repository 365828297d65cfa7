import { Page } from 'playwright-core';
import { AdminUiSession, downloadedText, fillForm, openAdminUi, screenshot } from '../support/browser';
import { signIn } from '../support/staff';
import { as } from '../support/test-stack';
import { waitFor } from '../support/wait-for';
import { directoryCsv } from '../support/csv-fixtures';

describe('admin UI: accounts', () => {
  let ui: AdminUiSession;
  let page: Page;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'admin' });
    page = ui.page;
    const api = as(ui.stack, await signIn(ui.stack, ui.staff));
    for (const [username, name] of [
      ['kim', 'Kim Lee'],
      ['omar', 'Omar Haddad'],
      ['li', 'Li Wei'],
    ]) {
      await api
        .post('/api/accounts')
        .send({ username, email: `${username}@example.com`, displayName: name, password: 'Lantern-Mosaic-77' })
        .expect(201);
    }
  });

  afterAll(() => ui?.close());

  it('creates an account, the password checklist reacting while typing', async () => {
    await page.getByRole('menuitem', { name: 'Accounts' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/\/accounts\/create$/);
    // The form settles once the policy choices have loaded; typing earlier would be reset.
    await page.waitForLoadState('networkidle');
    await fillForm(page, { Username: 'dreyes', Email: 'dana.reyes@example.com', Name: 'Dana Reyes' });
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('dana2026');
    await page.waitForSelector('[data-testid="rule-PERSONAL_INFO"][data-passed="false"]');
    await page.waitForSelector('[data-testid="rule-MIN_LENGTH"][data-passed="false"]');
    await screenshot(page, '40-account-create-checklist');
    await password.fill('Lantern-Mosaic-77');
    await page.getByText('Meets the "Member portal" policy').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('dana.reyes@example.com').waitFor();
    await page.getByTestId('password-changes').waitFor();
    await screenshot(page, '41-account-show');
  });

  it('searches the directory and opens an account', async () => {
    await page.getByRole('menuitem', { name: 'Accounts' }).click();
    await page.getByPlaceholder('Username, email or name').fill('haddad');
    await page.getByRole('row').filter({ hasText: 'omar' }).waitFor();
    // Header row plus the one match.
    await waitFor(async () => (await page.getByRole('row').count()) === 2, { what: 'one search result' });
    await screenshot(page, '42-account-search');
    await page.getByRole('row').filter({ hasText: 'omar' }).click();
    await page.waitForURL(/\/accounts\/\d+\/show$/);
    await screenshot(page, '43-account-opened');
    await page.getByText('Member portal').waitFor();
    await page.getByText(/in 1[78]\d days/).waitFor();
  });

  it('picks a manager by name on the edit page; the account page names them', async () => {
    const [omar] = await ui.stack.dataSource.query("SELECT id FROM accounts WHERE username = 'omar'");
    await page.goto(`${ui.baseUrl}/admin/accounts/${omar.id}`);
    const manager = page.getByLabel('Manager');
    await manager.fill('Kim');
    await page.getByRole('option', { name: 'Kim Lee (kim)' }).click();
    await screenshot(page, '43b-account-manager-pick');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/accounts\/\d+\/show$/);
    await page.getByText('Kim Lee (kim)').waitFor();
    const [stored] = await ui.stack.dataSource.query("SELECT manager_account_id FROM accounts WHERE username = 'omar'");
    const [kim] = await ui.stack.dataSource.query("SELECT id FROM accounts WHERE username = 'kim'");
    expect(Number(stored.manager_account_id)).toBe(Number(kim.id));
  });

  const accountCountVia = async (prefix: string) =>
    Number((await ui.stack.dataSource.query('SELECT COUNT(*) AS n FROM accounts WHERE username LIKE ?', [`${prefix}%`]))[0].n);

  it('imports a CSV: dry run first, then the import, then the accounts are searchable', async () => {
    await page.getByRole('menuitem', { name: 'Accounts' }).click();
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'directory.csv', mimeType: 'text/csv', buffer: Buffer.from(directoryCsv(120, new Set([7, 42]), 'imp')) });
    await page.getByText('directory.csv').waitFor();
    // Nothing can be imported before the file was checked.
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await page.getByText('Check the file first: nothing is written until you have seen what it would do.').waitFor();
    // The template's header is the columns the import takes.
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the CSV template' }).click(),
    ]);
    expect((await downloadedText(template)).split('\r\n')[0]).toBe(
      'username,email,display_name,chat_id,personal_email,phone,manager,privileged,policy,password_changed_at',
    );

    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await page.getByTestId('import-summary').getByText('120 rows · would create 118 · would update 0 · rejected 2').waitFor();
    await page.getByRole('cell', { name: 'username must be 1–191 letters, digits or . _ @ + -' }).waitFor();
    await screenshot(page, '44-import-dry-run');
    // The rejected rows as the file gave them, each with its problem, to fix and import again.
    const [rejected] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the 2 rejected rows to fix' }).click(),
    ]);
    const rejectedLines = (await downloadedText(rejected)).trimEnd().split('\r\n');
    expect(rejectedLines).toHaveLength(3);
    expect(rejectedLines[0]).toBe(
      'username,email,display_name,chat_id,personal_email,phone,manager,privileged,policy,password_changed_at,problem',
    );
    expect(rejectedLines[1]).toMatch(/^imp 7,imp7@example.com,User 7,,,,,false,,,"row 9: username must be [^"]*"$/);
    expect(await accountCountVia('imp')).toBe(0);

    await page.getByRole('button', { name: 'Import 118 accounts' }).click();
    await page.getByRole('dialog').getByText('This creates 118 accounts and updates 0. 2 rejected rows are skipped.').waitFor();
    await screenshot(page, '44b-import-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-summary').getByText('120 rows · created 118 · updated 0 · rejected 2').waitFor();
    await page.getByText('Imported directory.csv: 118 accounts created, 0 updated, 2 rows rejected').waitFor();
    await screenshot(page, '45-import-done');

    await page.getByRole('menuitem', { name: 'Accounts' }).click();
    await page.getByPlaceholder('Username, email or name').fill('imp99');
    await page.getByRole('row').filter({ hasText: 'imp99@example.com' }).waitFor();
  });
});
