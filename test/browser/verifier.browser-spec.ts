import { Page } from 'playwright-core';
import { expectAccessible } from '../support/axe';
import { AdminUiSession, openAdminUi, screenshot, signInThroughUi } from '../support/browser';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signIn } from '../support/staff';
import { as } from '../support/test-stack';

describe('admin UI: a verifier verifies the caller and hands the ticket to an agent', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let page: Page;
  let accountId: number;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'verifier', worker: true, env: { SMTP_URL: mailbox.url } });
    page = ui.page;
    const admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    accountId = (
      await admin.post('/api/accounts').send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes' }).expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await ui?.close();
    await mailbox?.stop();
  });

  it('shows the verifier tickets and accounts only, and no reset or unlock button', async () => {
    await page.goto(`${ui.baseUrl}/admin/`);
    const menu = page.getByRole('menu').or(page.locator('.RaMenu-root, [class*="RaMenu"]')).first();
    await menu.getByText('Tickets').waitFor();
    await menu.getByText('Accounts').waitFor();
    for (const hidden of ['Staff', 'Audit log', 'System', 'Policies'])
      expect(await menu.getByText(hidden, { exact: true }).count()).toBe(0);

    const verifier = as(ui.stack, await signIn(ui.stack, ui.staff));
    const ticketId = (await verifier.post('/api/tickets').send({ accountId, subject: 'Locked out', channel: 'phone' }).expect(201)).body
      .id as number;
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await page
      .getByTestId('hand-over')
      .getByText(/once the caller is verified, an agent, supervisor or admin takes the ticket/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Reset password' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Unlock only' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Send code' }).click();
    const mail = await mailbox.waitForMessage((message) => message.subject === `Your verification code for support ticket #${ticketId}`);
    await page.getByTestId('caller-code').fill(/Your verification code: (\d{6})/.exec(mail.text)![1]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('verified-banner').waitFor();
    await page
      .getByTestId('hand-over')
      .getByText(/The caller is verified for \d+:\d\d more/)
      .waitFor();
    await screenshot(page, '59-verifier-hand-over');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Release to an agent' }).click();
    await page.getByText('Released: the ticket waits among the unassigned ones for an agent to take it').waitFor();
    await page.getByText(/· unassigned ·/).waitFor();
    expect((await verifier.get(`/api/tickets/${ticketId}`).expect(200)).body).toMatchObject({ status: 'verified', assigneeId: null });
    expect(await page.getByRole('button', { name: 'Release to an agent' }).count()).toBe(0);
  });

  it('offers the verifier role, with what each role adds, in the staff admin', async () => {
    const admin = await createStaff(ui.stack, 'admin');
    const context = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const adminPage = await context.newPage();
      adminPage.setDefaultTimeout(10_000);
      await signInThroughUi(adminPage, ui.baseUrl, admin.email, admin.password);
      await adminPage.goto(`${ui.baseUrl}/admin/staff/create`);
      await adminPage
        .getByText('Verifier: opens tickets and verifies callers. Agent: also resets passwords and unlocks accounts.', { exact: false })
        .waitFor();
      await adminPage.getByRole('combobox', { name: 'Role' }).click();
      await adminPage.getByRole('option', { name: 'Verifier' }).waitFor();
      await screenshot(adminPage, '59b-staff-role-choices');
    } finally {
      await context.close();
    }
  });
});
