import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { TestMailbox } from '../support/smtp-sink';
import { as } from '../support/test-stack';
import { signIn } from '../support/staff';

describe('portal: an account holder helps themselves', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let holder: Page;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'admin', worker: true, env: { SMTP_URL: mailbox.url } });
    const admin = as(ui.stack, await signIn(ui.stack, ui.staff));
    await admin
      .post('/api/accounts')
      .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', password: 'Original-pass-2026!' })
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
    // A wrong code first: the error is announced.
    await holder.getByLabel('Code from the email').fill(code === '000000' ? '111111' : '000000');
    await holder.getByLabel('New password', { exact: true }).fill('Harbor-lantern-57-quiet');
    await holder.getByLabel('New password again').fill('Harbor-lantern-57-quiet');
    await holder.getByText(/Meets the ".*" policy/).waitFor();
    await holder.getByRole('button', { name: 'Set new password' }).click();
    await holder
      .getByRole('alert')
      .getByText(/The code is wrong, expired or already used/)
      .waitFor();
    await screenshot(holder, '63-portal-forgot-wrong-code');

    await holder.getByLabel('Code from the email').fill(code);
    await holder.getByRole('button', { name: 'Set new password' }).click();
    await holder.getByTestId('forgot-done').waitFor();
    await screenshot(holder, '64-portal-forgot-done');
    await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');
  });

  it('contact support opens a ticket and says the same whatever the address', async () => {
    await holder.goto(`${ui.baseUrl}/contact`);
    await holder.getByLabel('Email address of your account').fill('dana@example.com');
    await holder.getByLabel('What do you need?').fill('My account is locked');
    await holder.getByLabel('Details (optional)').fill('It says too many attempts.');
    await holder.getByRole('button', { name: 'Send to support' }).click();
    await holder
      .getByTestId('support-done')
      .getByText(/If an account uses this address, we opened a ticket/)
      .waitFor();
    await screenshot(holder, '65-portal-contact-done');
    const mail = await mailbox.waitForMessage((message) => /^Support ticket #\d+ opened for your account$/.test(message.subject));
    expect(mail.to).toEqual(['dana@example.com']);

    // Staff find it among the unassigned tickets and take it.
    const ticketId = Number(/#(\d+)/.exec(mail.subject)![1]);
    const staffPage = ui.page;
    await staffPage.goto(`${ui.baseUrl}/admin/tickets?filter=${encodeURIComponent(JSON.stringify({ active: true, unassigned: true }))}`);
    await staffPage.getByRole('row').filter({ hasText: 'My account is locked' }).getByText('portal').click();
    await staffPage.waitForURL(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await staffPage.getByRole('button', { name: 'Take it' }).click();
    await staffPage.getByText('Test admin').first().waitFor();
    await screenshot(staffPage, '67-portal-ticket-taken');
  });

  it('help explains the chat command', async () => {
    await holder.goto(`${ui.baseUrl}/help`);
    await holder.getByText('#resetpassword#Your-new-Passw0rd').waitFor();
    await screenshot(holder, '66-portal-help');
  });
});
