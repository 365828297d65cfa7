import { generate } from 'otplib';
import { Browser, Page } from 'playwright-core';
import { fillForm, launchBrowser, screenshot, signInThroughUi } from '../support/browser';
import { freePort } from '../support/ports';
import { createStaff, TestStaff } from '../support/staff';
import { resetState, startTestStack, TestStack } from '../support/test-stack';
import { expectAccessible } from '../support/axe';

describe('admin UI: sign-in with 2FA, roles and staff administration', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let admin: TestStaff;
  let agent: TestStaff;
  let totpSecret: string;

  beforeAll(async () => {
    const port = await freePort();
    stack = await startTestStack({ port, worker: false });
    await resetState(stack);
    baseUrl = `http://127.0.0.1:${port}`;
    admin = await createStaff(stack, 'admin', { email: 'ada@example.com' });
    agent = await createStaff(stack, 'agent', { email: 'alex@example.com' });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the sign-in page and a clear error for a wrong password', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('login-error').getByText('Invalid email or password').waitFor();
    await screenshot(page, '10-login-error');
    await expectAccessible(page);
  });

  it('signs the admin in and enrolls two-factor sign-in from the profile', async () => {
    await signInThroughUi(page, baseUrl, admin.email, admin.password);
    await page.getByRole('menuitem', { name: 'Staff' }).waitFor();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    // Enrollment asks for the password again: a borrowed session is not enough.
    await page.getByTestId('totp-enroll-password').fill('not-the-password');
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByText('password is not your current password').waitFor();
    await page.getByTestId('totp-enroll-password').fill(admin.password);
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await page.getByAltText('QR code for your authenticator app').waitFor();
    totpSecret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await screenshot(page, '11-totp-enrollment');

    await page.getByTestId('totp-confirm-code').fill(await generate({ secret: totpSecret }));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const codes = (await page.getByTestId('recovery-codes').textContent())!.trim().split(/\s+/);
    expect(codes).toHaveLength(10);
    await screenshot(page, '12-recovery-codes');
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page
      .getByTestId('totp-status')
      .getByText(/^On\. 10 recovery code/)
      .waitFor();
  });

  it('signs out, then signs in again with the TOTP step', async () => {
    await page
      .getByRole('button', { name: /Profile|Ada|Test admin/ })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Logout' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('totp-code').waitFor();
    await screenshot(page, '13-totp-step');
    // The enrollment used the current time step: a code never works twice, so use the next step's.
    await page.getByTestId('totp-code').fill(await generate({ secret: totpSecret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('menuitem', { name: 'Staff' }).waitFor();
  });

  it('lets the admin create, disable and unlock staff', async () => {
    await page.getByRole('menuitem', { name: 'Staff' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/\/staff\/create$/);
    await fillForm(page, { Email: 'sam@example.com', Name: 'Sam Supervisor' });
    await page.getByRole('combobox', { name: 'Role' }).click();
    await page.getByRole('option', { name: 'Supervisor' }).click();
    // The menu's backdrop fades out before the rest of the form takes clicks again.
    await page.getByRole('listbox').waitFor({ state: 'detached' });
    // An initial password rather than the default invitation (this stack sends no mail).
    await page.getByText('Set an initial password and tell it to them in person or by phone').click();
    await page.locator('input[name="password"]').fill('Violet-canyon-48-lamp');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'sam@example.com' }).waitFor();
    await screenshot(page, '14-staff-list');

    await page.getByRole('row').filter({ hasText: 'sam@example.com' }).click();
    await page.getByLabel('Disabled').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'sam@example.com' }).getByText('disabled').waitFor();
    expect((await stack.http.post('/api/auth/login').send({ email: 'sam@example.com', password: 'Violet-canyon-48-lamp' })).status).toBe(
      401,
    );

    for (let i = 0; i < 5; i++) await stack.http.post('/api/auth/login').send({ email: agent.email, password: 'wrong-password' });
    await page.reload();
    const agentRow = page.getByRole('row').filter({ hasText: agent.email });
    await agentRow.getByText(/locked until/).waitFor();
    await agentRow.click();
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Unlocked: they can sign in again').waitFor();
    await screenshot(page, '15-staff-unlocked');
  });

  it('shows an agent no admin or supervisor menus', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
    const agentPage = await context.newPage();
    await signInThroughUi(agentPage, baseUrl, agent.email, agent.password);
    await agentPage.getByTestId('my-open-tickets').getByText('Nothing waiting for you.').waitFor();
    const menu = await agentPage.getByRole('menuitem').allTextContents();
    expect(menu).toEqual(['Tickets', 'Accounts', 'Profile']);
    await screenshot(agentPage, '16-agent-home');
    await agentPage.goto(`${baseUrl}/admin/staff`);
    await agentPage.waitForLoadState('networkidle');
    expect(await agentPage.getByRole('row').count()).toBe(0);
    await context.close();
  });
});
