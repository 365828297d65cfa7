import { Browser, Page } from 'playwright-core';
import { AdminUiSession, launchBrowser, openAdminUi, screenshot, signInThroughUi } from '../support/browser';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signIn } from '../support/staff';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { as } from '../support/test-stack';
import { expectAccessible } from '../support/axe';

describe('admin UI and portal: resetting a verified caller', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let page: Page;
  let holderBrowser: Browser;
  let agentApi: ReturnType<typeof as>;
  let admin: ReturnType<typeof as>;
  let accountId: number;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'agent', worker: true, env: { SMTP_URL: mailbox.url } });
    page = ui.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.baseUrl });
    admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    accountId = (
      await admin
        .post('/api/accounts')
        .send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes', password: 'Original-pass-2026!' })
        .expect(201)
    ).body.id;
    agentApi = as(ui.stack, await signIn(ui.stack, ui.staff));
    holderBrowser = await launchBrowser();
  });

  afterAll(async () => {
    await holderBrowser?.close();
    await ui?.close();
    await mailbox?.stop();
  });

  it("the dashboard card lists the agent's open tickets and opens one", async () => {
    const ticketId = await openTicket(agentApi, accountId, 'Cannot sign in since Monday');
    await page.goto(`${ui.baseUrl}/admin/`);
    const card = page.getByTestId('my-open-tickets');
    await card.getByText('My open tickets (1)').waitFor();
    await screenshot(page, '55b-dashboard-my-open-tickets');
    await card.getByText(`#${ticketId} Cannot sign in since Monday`).click();
    await page.waitForURL(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await agentApi.put(`/api/tickets/${ticketId}`).send({ status: 'cancelled' }).expect(200);
  });

  it('agent sends a reset link; the holder sets a password on the portal page; the ticket resolves itself', async () => {
    const ticketId = await openTicket(agentApi, accountId);
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    const reset = page.getByRole('button', { name: 'Reset password' });
    expect(await reset.isDisabled()).toBe(true); // not verified yet

    await page.getByRole('button', { name: 'Send code' }).click();
    const mail = await mailbox.waitForMessage((message) => message.subject === `Your verification code for support ticket #${ticketId}`);
    await page.getByTestId('caller-code').fill(/Your verification code: (\d{6})/.exec(mail.text)![1]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('verified-banner').waitFor();

    await page.getByLabel('Email a single-use link (30 min)').check();
    await reset.click();
    await page.getByText(/Reset link sent to d•••@example\.com/).waitFor();
    await page.getByTestId('ticket-links').getByText('pending').waitFor();
    await page.getByTestId('ticket-status').getByText('reset sent').waitFor();
    await page.getByTestId('ticket-live').getByText('Live').waitFor();
    await screenshot(page, '56-reset-link-sent');

    // The account holder opens the link from the email, in their own browser.
    const { link } = await resetLinkFromMail(mailbox, ticketId);
    const holder = await holderBrowser.newPage({ viewport: { width: 390, height: 844 } });
    holder.setDefaultTimeout(10_000);
    const origins = new Set<string>();
    holder.on('request', (request) => origins.add(new URL(request.url()).origin));
    const response = await holder.goto(link.replace('http://resetdesk.test', ui.baseUrl));
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');
    await holder.getByText('Dana Reyes').waitFor();
    expect(holder.url()).toBe(`${ui.baseUrl}/reset`); // the token left the address bar

    await holder.getByLabel('New password', { exact: true }).fill('dreyes2026');
    await holder.locator('[data-testid="rule-PERSONAL_INFO"][data-passed="false"]').waitFor();
    expect(await holder.getByRole('button', { name: 'Set new password' }).isDisabled()).toBe(true);
    await screenshot(holder, '57-portal-reset-weak');
    await expectAccessible(holder);

    await holder.getByLabel('New password', { exact: true }).fill('Harbor-lantern-57-quiet');
    await holder.getByLabel('New password again').fill('Harbor-lantern-57-quiet');
    await holder.getByText('Meets every rule').waitFor();
    await holder.getByRole('button', { name: 'Set new password' }).click();
    await holder.getByTestId('reset-done').waitFor();
    await screenshot(holder, '58-portal-reset-done');
    expect([...origins]).toEqual([ui.baseUrl]); // no third-party resources

    // The agent's page, open all along, learns it by itself: no reload.
    await page.getByText('Caller set a new password — ticket resolved').waitFor();
    await page.getByTestId('ticket-status').getByText('resolved').waitFor();
    expect(await page.getByTestId('reset-panel').count()).toBe(0);
    await screenshot(page, '58b-ticket-resolved-live');
    await mailbox.waitForMessage((message) => message.subject === 'Password reset successful');

    // The same link again: refused with a way forward.
    await holder.goto(link.replace('http://resetdesk.test', ui.baseUrl));
    await holder
      .getByTestId('reset-link-invalid')
      .getByText(/already used/)
      .waitFor();
    await holder.close();
  });

  it('agent sets a temporary password: shown once with a copy button, gone after closing', async () => {
    const ticketId = await openTicket(agentApi, accountId, 'Temporary please');
    await verifyCaller(agentApi, mailbox, ticketId);
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await page.getByLabel('Temporary password (shown once, 24 h)').check();
    await page.getByRole('button', { name: 'Reset password' }).click();
    const shown = page.getByTestId('temporary-password');
    await shown.waitFor();
    const temporaryPassword = (await shown.textContent())!.trim();
    // Groups of four to read out, with how to say each character beside it.
    expect(temporaryPassword).toMatch(/^[a-zA-Z\d]{4}(-[a-zA-Z\d]{4}){3}$/);
    const spoken = (await page.getByTestId('temporary-password-phonetic').textContent())!.split(' · ');
    expect(spoken).toHaveLength(temporaryPassword.length);
    expect(spoken[4]).toBe('dash');
    expect(spoken.filter((word) => word.startsWith('CAPITAL '))).toHaveLength(1);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(temporaryPassword);
    await screenshot(page, '59-temporary-password-once');

    await page.getByRole('button', { name: 'Done, it is read out' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('ticket-timeline').getByText('Temporary password issued').waitFor();
    expect(await page.content()).not.toContain(temporaryPassword);

    // The caller picks their own password on the portal with the temporary one.
    const holder = await holderBrowser.newPage({ viewport: { width: 390, height: 844 } });
    holder.setDefaultTimeout(10_000);
    await holder.goto(`${ui.baseUrl}/`);
    await holder.getByRole('navigation').getByRole('link', { name: 'Change password' }).click();
    await holder.getByLabel('Username').fill('dreyes');
    await holder.getByLabel('Current password').fill(temporaryPassword);
    await holder.getByRole('button', { name: 'Continue' }).click();
    await holder.getByTestId('change-for').getByText('Dana Reyes').waitFor();
    // The temporary password is the current one: the account's history refuses it, and the button says why it waits.
    await holder.getByLabel('New password', { exact: true }).fill(temporaryPassword);
    await holder.getByLabel('New password again').fill(temporaryPassword);
    await holder.locator('[data-testid="rule-HISTORY"][data-passed="false"][data-pending="false"]').waitFor();
    await holder.getByTestId('submit-blocker').getByText('The new password does not meet every rule above yet').waitFor();
    await holder.getByLabel('New password', { exact: true }).fill('Copper-kettle-93-brisk');
    await holder.getByLabel('New password again').fill('Copper-kettle-93-brisk');
    await holder.getByText('Meets every rule').waitFor();
    await screenshot(holder, '61-portal-change-temporary');
    await holder.getByRole('button', { name: 'Change password' }).click();
    await holder.getByTestId('change-done').waitFor();
    await holder.close();
    await page.reload();
    await page.getByTestId('ticket-status').getByText('resolved').waitFor();
  });

  it('privileged account: the agent asks for approval, the supervisor finds it on the dashboard and approves, the agent sees it live', async () => {
    await admin.put(`/api/accounts/${accountId}`).send({ privileged: true }).expect(200);
    const supervisor = await createStaff(ui.stack, 'supervisor');
    const ticketId = await openTicket(agentApi, accountId, 'Admin account locked');
    await verifyCaller(agentApi, mailbox, ticketId, 0);
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await page
      .getByTestId('approval-state')
      .getByText(/once the caller is verified, a supervisor other than the ticket’s agent and whoever verified the caller must approve/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Reset password' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Approve reset' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Request approval' }).click();
    await page.getByText(/^Asked \d+ supervisors? to approve/).waitFor();
    await page
      .getByTestId('approval-state')
      .getByText(/Waiting for approval: .+ asked the supervisors at .+\. They have \d+:\d\d before the caller's verification runs out\./)
      .waitFor();
    await page.getByTestId('ticket-status').getByText('awaiting approval').first().waitFor();
    expect(await page.getByRole('button', { name: 'Request approval' }).count()).toBe(0);
    await screenshot(page, '60a-waiting-for-approval', { fullPage: false });
    await mailbox.waitForMessage(
      (message) => message.subject === `Approval requested: reset of dreyes (ticket #${ticketId})` && message.to.includes(supervisor.email),
    );

    const supervisorPage = await holderBrowser.newPage({ viewport: { width: 1400, height: 1000 } });
    supervisorPage.setDefaultTimeout(10_000);
    await signInThroughUi(supervisorPage, ui.baseUrl, supervisor.email, supervisor.password);
    const waiting = supervisorPage.getByTestId('approvals-waiting');
    await waiting.getByText('Waiting for your approval (1)').waitFor();
    await screenshot(supervisorPage, '60b-dashboard-waiting-for-approval', { fullPage: false });
    await waiting.getByText(`#${ticketId} reset of Dana Reyes (dreyes)`).click();
    await supervisorPage.getByRole('button', { name: 'Approve reset' }).click();
    await supervisorPage
      .getByTestId('approval-state')
      .getByText(/Approved by Test supervisor/)
      .waitFor();
    await screenshot(supervisorPage, '60c-reset-approved-by-supervisor');
    await supervisorPage.goto(`${ui.baseUrl}/admin/`);
    await supervisorPage.getByTestId('my-open-tickets').waitFor();
    expect(await supervisorPage.getByTestId('approvals-waiting').count()).toBe(0);
    await supervisorPage.close();

    // No reload: the agent's page hears of the approval and counts it down.
    await page.getByText('Approved by Test supervisor').first().waitFor();
    await page
      .getByTestId('approval-state')
      .getByText(/Approved by Test supervisor — \d+:\d\d left to use it/)
      .waitFor();
    await page.getByLabel('Email a single-use link (30 min)').check();
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText(/Reset link sent to/).waitFor();
    // Supervisors hear of it when the link sets the password.
    const { token } = await resetLinkFromMail(mailbox, ticketId);
    await ui.stack.http.post('/api/self-service/reset').send({ token, newPassword: 'Privileged-lantern-91-calm' }).expect(204);
    await mailbox.waitForMessage((message) => message.subject === `Privileged account reset: dreyes (ticket #${ticketId})`);
  });

  it('serves the portal pages, the staff app under /admin, long-cached assets, and 404 elsewhere', async () => {
    const portal = await fetch(`${ui.baseUrl}/reset`);
    expect(portal.status).toBe(200);
    expect(portal.headers.get('cache-control')).toBe('no-cache');
    const html = await portal.text();
    expect(html).toContain('<title>ResetDesk — account help</title>');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await fetch(`${ui.baseUrl}${asset}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await (await fetch(`${ui.baseUrl}/admin/tickets/1/show`)).text()).toContain('<title>ResetDesk</title>');
    expect((await fetch(`${ui.baseUrl}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${ui.baseUrl}/wp-login.php`)).status).toBe(404);
  });
});
