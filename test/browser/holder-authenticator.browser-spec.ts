import { generate } from 'otplib';
import { Page } from 'playwright-core';
import { expectAccessible } from '../support/axe';
import { AdminUiSession, openAdminUi, screenshot, signInThroughUi } from '../support/browser';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signIn } from '../support/staff';
import { as } from '../support/test-stack';

const PASSWORD = 'Original-pass-2026!';

describe('portal and admin UI: the holder sets up an authenticator app; an agent verifies a caller by its code', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let page: Page;
  let accountId: number;
  let secret: string;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'agent', worker: true, env: { SMTP_URL: mailbox.url } });
    page = ui.page;
    const admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    accountId = (
      await admin
        .post('/api/accounts')
        .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', password: PASSWORD })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await ui?.close();
    await mailbox?.stop();
  });

  it('the holder proves who they are, scans the QR code and confirms a code from the app', async () => {
    const context = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 390, height: 844 } });
    try {
      const portal = await context.newPage();
      portal.setDefaultTimeout(10_000);
      await portal.goto(`${ui.baseUrl}/`);
      await portal.getByRole('main').getByRole('link', { name: 'Authenticator app' }).click();
      await portal.getByLabel('Username').fill('dreyes');
      await portal.getByLabel('Current password').fill('not-the-password');
      await portal.getByRole('button', { name: 'Set up the app' }).click();
      await portal.getByTestId('authenticator-problem').getByText('The username or current password is wrong').waitFor();

      await portal.getByLabel('Current password').fill(PASSWORD);
      await portal.getByRole('button', { name: 'Set up the app' }).click();
      await portal.getByAltText('QR code for dreyes').waitFor();
      secret = (await portal.getByTestId('authenticator-secret').innerText()).replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(portal, '60-portal-authenticator-scan');
      await expectAccessible(portal);

      await portal.getByTestId('authenticator-code').fill(await generate({ secret }));
      await portal.getByRole('button', { name: 'Confirm' }).click();
      await portal
        .getByTestId('authenticator-done')
        .getByText(/Your authenticator app is set up/)
        .waitFor();
      await screenshot(portal, '60b-portal-authenticator-done');
      await mailbox.waitForMessage((message) => message.subject === 'Authenticator app set up');
    } finally {
      await context.close();
    }
  });

  it('the agent picks App, the caller reads the code their app shows, and the caller is verified; nothing is sent', async () => {
    const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
    const ticketId = (await agent.post('/api/tickets').send({ accountId, subject: 'Locked out', channel: 'phone' }).expect(201)).body
      .id as number;
    mailbox.clear();
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await page.getByRole('button', { name: 'App' }).click();
    await page.getByRole('button', { name: 'Ask for app code' }).click();
    await page.getByText('Ask the caller to open their authenticator app and read out the 6-digit code it shows now').waitFor();
    await page.getByTestId('ticket-codes').getByText('their app').waitFor();

    // The enrollment used the current step: the caller's phone, a little ahead, already shows the next one.
    await page.getByTestId('caller-code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('verified-banner').waitFor();
    await screenshot(page, '61-ticket-verified-by-authenticator');
    expect(mailbox.messages.filter((message) => /verification code/i.test(message.subject))).toEqual([]);
  });

  it('shows agents that the app is set up; an admin removes a lost phone’s app from the account page', async () => {
    await page.goto(`${ui.baseUrl}/admin/accounts/${accountId}/show`);
    await page
      .getByTestId('account-authenticator')
      .getByText(/^set up /)
      .waitFor();
    expect(await page.getByTestId('account-authenticator').getByRole('button', { name: 'Remove' }).count()).toBe(0);

    const admin = await createStaff(ui.stack, 'admin');
    const context = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const adminPage = await context.newPage();
      adminPage.setDefaultTimeout(10_000);
      await signInThroughUi(adminPage, ui.baseUrl, admin.email, admin.password);
      await adminPage.goto(`${ui.baseUrl}/admin/accounts/${accountId}/show`);
      adminPage.once('dialog', (dialog) => void dialog.accept());
      await adminPage.getByTestId('account-authenticator').getByRole('button', { name: 'Remove' }).click();
      await adminPage.getByTestId('account-authenticator').getByText('not set up (the holder does it on the portal)').waitFor();
      await screenshot(adminPage, '61b-account-authenticator-removed');
    } finally {
      await context.close();
    }
    await mailbox.waitForMessage((message) => message.subject === 'Authenticator app removed');
  });

  it('the holder adds a personal email: proved by the password, confirmed by the code sent there; the login email is told', async () => {
    const context = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 390, height: 844 } });
    try {
      mailbox.clear();
      const portal = await context.newPage();
      portal.setDefaultTimeout(10_000);
      await portal.goto(`${ui.baseUrl}/`);
      await portal.getByRole('main').getByRole('link', { name: 'Personal email' }).click();
      await portal.getByLabel('Username').fill('dreyes');
      await portal.getByLabel('Current password').fill(PASSWORD);
      await portal.getByLabel('Personal email').fill('dana@example.com');
      await portal.getByRole('button', { name: 'Send a code to this address' }).click();
      await portal
        .getByTestId('personal-email-problem')
        .getByText(/That is the login email of this account/)
        .waitFor();

      await portal.getByLabel('Personal email').fill('dana.home@example.net');
      await portal.getByRole('button', { name: 'Send a code to this address' }).click();
      await portal.getByText('We sent a 6-digit code to').waitFor();
      const mail = await mailbox.waitForMessage((message) => message.subject === 'Confirm your personal email');
      expect(mail.to).toEqual(['dana.home@example.net']);
      await screenshot(portal, '61-portal-personal-email-code');
      await expectAccessible(portal);

      await portal.getByTestId('personal-email-code').fill(/\b(\d{6})\b/.exec(mail.text)![1]!);
      await portal.getByRole('button', { name: 'Confirm' }).click();
      await portal.getByTestId('personal-email-done').getByText('dana.home@example.net is now your personal email').waitFor();
      await screenshot(portal, '61b-portal-personal-email-done');
      const notice = await mailbox.waitForMessage((message) => message.subject === 'Your contact details changed');
      expect(notice.to).toEqual(['dana@example.com']);
      const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
      expect((await agent.get(`/api/accounts/${accountId}`).expect(200)).body.personalEmail).toBe('dana.home@example.net');
    } finally {
      await context.close();
    }
  });
});
