import { AdminUiSession, fillForm, openAdminUi, screenshot } from '../support/browser';
import { expectAccessible } from '../support/axe';
import { TestMailbox } from '../support/smtp-sink';

const CHOSEN = 'Granite-orchard-48-swift';

describe('admin UI: inviting a staff member, who chooses their own password', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'admin', worker: true, env: { SMTP_URL: mailbox.url } });
  });

  afterAll(async () => {
    await ui?.close();
    await mailbox?.stop();
  });

  it('invites from the staff page; the link sets the password once; the newcomer signs in', async () => {
    const { page } = ui;
    await page.goto(`${ui.baseUrl}/admin/staff/create`);
    await fillForm(page, { Email: 'sam@example.com', Name: 'Sam Newcomer' });
    // Inviting is the default: no password field until one is asked for.
    expect(await page.locator('input[name="password"]').count()).toBe(0);
    await screenshot(page, '17-staff-invite');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Staff member Sam Newcomer (sam@example.com) invited').waitFor();
    await page
      .getByRole('row')
      .filter({ hasText: 'sam@example.com' })
      .getByText(/^invited, link valid until/)
      .waitFor();

    const mail = await mailbox.waitForMessage((message) => message.to.includes('sam@example.com'));
    expect(mail.subject).toBe('Your ResetDesk staff account: choose your password');
    const link = /https?:\/\/\S+\/admin\/invitation\?token=[\w-]+/.exec(mail.text)![0];

    const context = await ui.browser.newContext({ viewport: { width: 390, height: 844 } });
    const newcomer = await context.newPage();
    newcomer.setDefaultTimeout(10_000);
    await newcomer.goto(`${ui.baseUrl}${new URL(link).pathname}${new URL(link).search}`);
    await newcomer.getByTestId('invitation-for').getByText('Sam Newcomer').waitFor();
    expect(newcomer.url()).toBe(`${ui.baseUrl}/admin/invitation`); // the token left the address bar
    await newcomer.getByLabel('Password', { exact: true }).fill('samnewcomer1');
    await newcomer.getByLabel('Password again').fill('samnewcomer1');
    await newcomer.getByRole('button', { name: 'Set my password' }).click();
    await newcomer
      .getByTestId('invitation-problem')
      .getByText(/does not meet the staff password rules/)
      .waitFor();
    await expectAccessible(newcomer);
    await newcomer.getByLabel('Password', { exact: true }).fill(CHOSEN);
    await newcomer.getByLabel('Password again').fill(CHOSEN);
    await newcomer.getByRole('button', { name: 'Set my password' }).click();
    await newcomer.getByTestId('invitation-done').waitFor();
    await screenshot(newcomer, '18-invitation-done');

    // The link is spent; the password works.
    await newcomer.goto(`${ui.baseUrl}${new URL(link).pathname}${new URL(link).search}`);
    await newcomer
      .getByTestId('invitation-invalid')
      .getByText(/no longer valid/)
      .waitFor();
    await newcomer.goto(`${ui.baseUrl}/admin/`);
    await newcomer.getByLabel('Email').fill('sam@example.com');
    await newcomer.getByLabel('Password').fill(CHOSEN);
    await newcomer.getByRole('button', { name: 'Sign in' }).click();
    // A phone-sized window: the home page, the menu folded away.
    await newcomer.getByTestId('my-open-tickets').getByText('Nothing waiting for you.').waitFor();
    await screenshot(newcomer, '18b-newcomer-signed-in');
    await context.close();
  });
});
