import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { TestMailbox } from '../support/smtp-sink';
import { as } from '../support/test-stack';
import { signIn } from '../support/staff';
import { expectAccessible } from '../support/axe';

const ORIGINAL = 'Original-pass-2026!';
const NEW_PASSWORD = 'Harbor-lantern-57-quiet';

/** The rule lines as the holder sees them: code, and ticked, crossed or open. */
async function checklist(page: Page) {
  return page.getByTestId('password-checklist').evaluate((list) =>
    [...list.querySelectorAll('[data-testid^="rule-"]')].map((item) => ({
      rule: item.getAttribute('data-testid')!.slice('rule-'.length),
      state: item.getAttribute('data-pending') === 'true' ? 'open' : item.getAttribute('data-passed') === 'true' ? 'passed' : 'failed',
    })),
  );
}

describe('portal: an account holder helps themselves', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let holder: Page;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'admin', worker: true, env: { SMTP_URL: mailbox.url } });
    const admin = as(ui.stack, await signIn(ui.stack, ui.staff));
    // On the Corporate policy, not the default: the portal must show this account's rules (strength among them).
    const policies = (await admin.get('/api/password-policies').expect(200)).body as Array<{ id: number; name: string }>;
    await admin
      .post('/api/accounts')
      .send({
        username: 'dreyes',
        email: 'dana@example.com',
        displayName: 'Dana Reyes',
        password: ORIGINAL,
        policyId: policies.find((policy) => policy.name === 'Corporate')!.id,
      })
      .expect(201);
    holder = await ui.browser.newPage({ viewport: { width: 390, height: 844 } });
    holder.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await ui?.close();
    await mailbox?.stop();
  });

  it('forgot password: asks for a code, counts down the resend, takes the code and a new password', async () => {
    await holder.goto(`${ui.baseUrl}/`);
    await screenshot(holder, '62-portal-home');
    await expectAccessible(holder);
    await holder.getByRole('navigation').getByRole('link', { name: 'Forgot password' }).click();
    await holder.getByLabel('Email address').waitFor();
    expect(await holder.evaluate('document.activeElement && document.activeElement.getAttribute("type")')).toBe('email'); // focus starts in the field
    await holder.getByLabel('Email address').fill('dana@example.com');
    await holder.getByRole('button', { name: 'Send me a code' }).click();
    await holder.getByTestId('forgot-sent').waitFor();
    await holder.getByRole('button', { name: /Send a new code \(\d+ s\)/ }).waitFor();
    expect(await holder.getByTestId('resend-code').isDisabled()).toBe(true);

    const mail = await mailbox.waitForMessage((message) => message.subject === 'Your password reset code');
    const code = /Your password reset code: (\d{6})/.exec(mail.text)![1]!;
    // A wrong code first: the error is announced, and no password field appears.
    await holder.getByLabel('Code from the email').fill(code === '000000' ? '111111' : '000000');
    await holder
      .getByRole('alert')
      .getByText(/The code is wrong, expired or already used/)
      .waitFor();
    expect(await holder.getByLabel('New password', { exact: true }).count()).toBe(0);
    await screenshot(holder, '63-portal-forgot-wrong-code');

    await holder.getByLabel('Code from the email').fill(code);
    await holder.getByTestId('forgot-for').getByText('Dana Reyes').waitFor();
    // Nothing typed yet: nothing is green, and history waits for the rest.
    await holder.getByTestId('password-checklist').waitFor();
    const empty = await checklist(holder);
    expect(empty.filter((line) => line.state === 'passed')).toEqual([]);
    expect(empty.map((line) => line.rule)).toEqual(expect.arrayContaining(['STRENGTH', 'HISTORY']));
    expect(await holder.getByTestId('password-checklist').textContent()).not.toMatch(/policy|Corporate/);
    await holder.getByTestId('submit-blocker').getByText('Type a new password').waitFor();

    // The password the account has now: every policy rule green, history red — and the server says the same.
    await holder.getByLabel('New password', { exact: true }).fill(ORIGINAL);
    await holder.getByLabel('New password again').fill(ORIGINAL);
    await holder.locator('[data-testid="rule-HISTORY"][data-passed="false"][data-pending="false"]').waitFor();
    expect((await checklist(holder)).filter((line) => line.state !== 'passed')).toEqual([{ rule: 'HISTORY', state: 'failed' }]);
    expect(await holder.getByRole('button', { name: 'Set new password' }).isDisabled()).toBe(true);
    await holder.getByTestId('submit-blocker').getByText('The new password does not meet every rule above yet').waitFor();
    await screenshot(holder, '63b-portal-forgot-history');
    await expectAccessible(holder);

    // Typed once, the history rule waits for the second entry, and the page says so.
    await holder.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await holder.getByTestId('submit-blocker').getByText('Type the same new password in both fields').waitFor();
    await holder.locator('[data-testid="rule-HISTORY"][data-pending="true"]').waitFor();
    await holder
      .getByTestId('password-checklist-note')
      .getByText(/checked once you have typed the new one twice/)
      .waitFor();
    await holder.getByLabel('New password again').fill(NEW_PASSWORD);
    await holder.getByText('Meets every rule').waitFor();
    await holder.getByRole('button', { name: 'Set new password' }).click();
    await holder.getByTestId('forgot-done').waitFor();
    await screenshot(holder, '64-portal-forgot-done');
    expect(await holder.content()).not.toContain(NEW_PASSWORD);
    await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
  });

  it('change password: the current password first, then this account’s rules; what the checklist accepts, the server does', async () => {
    await holder.goto(`${ui.baseUrl}/change-password`);
    await holder.getByTestId('submit-blocker').getByText('Type your username').waitFor();
    await holder.getByLabel('Username').fill('dreyes');
    await holder.getByLabel('Current password').fill('Wrong-pass-2026!');
    await holder.getByRole('button', { name: 'Continue' }).click();
    await holder.getByTestId('change-problem').getByText('The username or current password is wrong').waitFor();

    await holder.getByLabel('Current password').fill(NEW_PASSWORD);
    await holder.getByRole('button', { name: 'Continue' }).click();
    await holder.getByTestId('change-for').getByText('Dana Reyes').waitFor();
    // The one before the current password is remembered too (Corporate keeps ten).
    await holder.getByLabel('New password', { exact: true }).fill(ORIGINAL);
    await holder.getByLabel('New password again').fill(ORIGINAL);
    await holder.locator('[data-testid="rule-HISTORY"][data-passed="false"][data-pending="false"]').waitFor();
    await holder.getByLabel('New password', { exact: true }).fill('Copper-kettle-93-brisk');
    await holder.getByLabel('New password again').fill('Copper-kettle-93-brisk');
    await holder.getByText('Meets every rule').waitFor();
    await screenshot(holder, '64b-portal-change-checklist');
    await expectAccessible(holder);
    await holder.getByRole('button', { name: 'Change password' }).click();
    await holder.getByTestId('change-done').waitFor();
    expect(await holder.content()).not.toContain('Copper-kettle-93-brisk');
  });

  it('contact support opens a ticket and says the same whatever the address', async () => {
    await holder.goto(`${ui.baseUrl}/contact`);
    await holder.getByLabel('Email address of your account').fill('dana@example.com');
    await holder.getByLabel('What do you need?').fill('My account is locked');
    await holder.getByLabel('Details (optional)').fill('It says too many attempts.');
    // The mailbox of the account may be what they cannot reach: a number to be called back on.
    await holder.getByLabel('Phone number to call you back on (optional)').fill('+49 30 1234 5678');
    await expectAccessible(holder);
    await holder.getByRole('button', { name: 'Send to support' }).click();
    await holder
      .getByTestId('support-done')
      .getByText(/If an account uses this address, we opened a ticket/)
      .waitFor();
    await screenshot(holder, '65-portal-contact-done');
    await expectAccessible(holder);
    const mail = await mailbox.waitForMessage((message) => /^Support ticket #\d+ opened for your account$/.test(message.subject));
    expect(mail.to).toEqual(['dana@example.com']);

    // Staff find it among the unassigned tickets and take it.
    const ticketId = Number(/#(\d+)/.exec(mail.subject)![1]);
    const staffPage = ui.page;
    await staffPage.goto(`${ui.baseUrl}/admin/tickets?filter=${encodeURIComponent(JSON.stringify({ active: true, unassigned: true }))}`);
    await staffPage.getByRole('row').filter({ hasText: 'My account is locked' }).getByText('portal').click();
    await staffPage.waitForURL(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await staffPage.getByTestId('ticket-callback').getByText('+49 30 1234 5678').waitFor();
    expect(await staffPage.getByTestId('ticket-callback').textContent()).toMatch(/not verified/);
    expect(mail.text).not.toContain('1234');
    await staffPage.getByRole('button', { name: 'Take it' }).click();
    await staffPage.getByText('Test admin').first().waitFor();
    await screenshot(staffPage, '67-portal-ticket-taken');
  });

  it('help explains the chat command', async () => {
    await holder.goto(`${ui.baseUrl}/help`);
    await holder.getByText('#resetpassword#Your-new-Passw0rd').waitFor();
    await screenshot(holder, '66-portal-help');
    await expectAccessible(holder);
  });
});
