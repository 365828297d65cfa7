import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signIn } from '../support/staff';
import { as } from '../support/test-stack';
import { expectAccessible } from '../support/axe';

describe('admin UI: verifying a caller on a ticket', () => {
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let page: Page;
  let ticketId: number;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'agent', worker: true, env: { SMTP_URL: mailbox.url } });
    page = ui.page;
    admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    const account = (
      await admin.post('/api/accounts').send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes' }).expect(201)
    ).body;
    const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
    ticketId = (await agent.post('/api/tickets').send({ accountId: account.id, subject: 'Locked out', channel: 'phone' }).expect(201)).body
      .id;
  });

  afterAll(async () => {
    await ui?.close();
    await mailbox?.stop();
  });

  it('sends a code, shows the attempts left after a wrong one, and verifies with the code the caller reads out', async () => {
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('button', { name: /Send code \(\d+ s\)/ }).waitFor();
    const mail = await mailbox.waitForMessage((message) => message.subject === `Your verification code for support ticket #${ticketId}`);
    const code = /Your verification code: (\d{6})/.exec(mail.text)![1]!;
    await page.getByTestId('ticket-status').getByText('verifying').waitFor();

    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByTestId('caller-code').fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('verification-problem').getByText('Wrong code; 4 attempt(s) left').waitFor();
    await screenshot(page, '54-verification-wrong-code');

    // The caller reads the right code out; the agent types it and presses Enter.
    await page.getByTestId('caller-code').fill(code);
    await page.getByTestId('caller-code').press('Enter');
    await page
      .getByTestId('verified-banner')
      .getByText(/Caller verified — 1[45]:\d\d left to reset the password/)
      .waitFor();
    // No countdown to another code once verified: none is needed.
    expect(await page.getByRole('button', { name: 'Send new code' }).isDisabled()).toBe(true);
    await page.getByTestId('ticket-status').getByText('verified').waitFor();
    await page.getByTestId('ticket-codes').getByText('verified').waitFor();
    await page.getByTestId('ticket-timeline').getByText('Caller verified', { exact: true }).waitFor();
    await screenshot(page, '55-verification-verified');

    // Everything a call needs, without scrolling, on a 1366×768 screen.
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate('window.scrollTo(0, 0)');
    for (const needed of [
      page.getByTestId('ticket-header'),
      page.getByTestId('header-account-status'),
      page.getByTestId('verified-banner'),
      page.getByTestId('caller-code'),
      page.getByRole('button', { name: 'Reset password' }),
    ]) {
      const box = (await needed.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    await screenshot(page, '55b-call-at-1366x768', { fullPage: false });
    await expectAccessible(page);
    await page.setViewportSize({ width: 1400, height: 1000 });
    // The agent never saw the code on screen.
    expect(await page.content()).not.toContain(`>${code}<`);
  });

  it('after five wrong codes, tells the agent what a lock may mean and what to do', async () => {
    const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
    const accountId = (await agent.get(`/api/tickets/${ticketId}`).expect(200)).body.accountId;
    const locked = (await agent.post('/api/tickets').send({ accountId, subject: 'Second call', channel: 'phone' }).expect(201)).body.id;
    await agent.post(`/api/tickets/${locked}/otp`).send({ channel: 'email' }).expect(202);
    const mail = await mailbox.waitForMessage((message) => message.subject === `Your verification code for support ticket #${locked}`);
    const wrong = /Your verification code: (\d{6})/.exec(mail.text)![1] === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) await agent.post(`/api/tickets/${locked}/otp/verify`).send({ code: wrong });

    await page.goto(`${ui.baseUrl}/admin/tickets/${locked}/show`);
    await page
      .getByTestId('lock-guidance')
      .getByText(/call the holder back on the number on file/)
      .waitFor();
    await screenshot(page, '55c-verification-locked-guidance', { fullPage: false });
  });

  it('sends the code to the personal email on record when the agent picks Personal', async () => {
    const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
    const account = (
      await admin
        .post('/api/accounts')
        .send({ username: 'pquinn', email: 'pat@example.com', personalEmail: 'pat.home@example.net', displayName: 'Pat Quinn' })
        .expect(201)
    ).body;
    const patTicket = (
      await agent.post('/api/tickets').send({ accountId: account.id, subject: 'Locked out', channel: 'phone' }).expect(201)
    ).body.id;
    await page.goto(`${ui.baseUrl}/admin/tickets/${patTicket}/show`);
    await page.getByRole('button', { name: 'Personal' }).click();
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByText('Code sent to the account holder’s personal email; ask the caller to read it out').waitFor();
    const mail = await mailbox.waitForMessage((message) => message.subject === `Your verification code for support ticket #${patTicket}`);
    expect(mail.to).toEqual(['pat.home@example.net']);
    await page.getByTestId('ticket-codes').getByText('personal email').waitFor();
    await screenshot(page, '55d-code-to-personal-email', { fullPage: false });
  });

  it('asks the manager on record; the manager approves on the portal page and the open ticket shows the caller verified', async () => {
    const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
    const boss = (
      await admin.post('/api/accounts').send({ username: 'mlopez', email: 'mara@example.com', displayName: 'Mara Lopez' }).expect(201)
    ).body;
    const account = (
      await admin
        .post('/api/accounts')
        .send({ username: 'kwong', email: 'kai@example.com', displayName: 'Kai Wong', managerId: boss.id })
        .expect(201)
    ).body;
    const kaiTicket = (
      await agent.post('/api/tickets').send({ accountId: account.id, subject: 'Locked out', channel: 'phone' }).expect(201)
    ).body.id;
    await page.goto(`${ui.baseUrl}/admin/tickets/${kaiTicket}/show`);
    await page.getByTestId('manager-approval').getByText('Manager: Mara Lopez (mlopez)').waitFor();
    await page.getByRole('button', { name: 'Ask manager' }).click();
    await page
      .getByTestId('manager-approval-state')
      .getByText(/asked, (29|30):\d\d left to answer/)
      .waitFor();
    await screenshot(page, '55e-manager-asked', { fullPage: false });

    const mail = await mailbox.waitForMessage((message) => message.subject === `Is it really Kai Wong? Support ticket #${kaiTicket}`);
    expect(mail.to).toEqual(['mara@example.com']);
    // The email's address is APP_URL's; the test server listens on its own port.
    const approveLink = new URL(/(http\S+decision=approve)/.exec(mail.text)![1]!);
    const context = await page
      .context()
      .browser()!
      .newContext({ viewport: { width: 390, height: 844 } });
    try {
      const manager = await context.newPage();
      manager.setDefaultTimeout(10_000);
      await manager.goto(`${ui.baseUrl}${approveLink.pathname}${approveLink.search}`);
      await manager.getByText('says they are').waitFor();
      // The token leaves the address bar once read.
      expect(new URL(manager.url()).search).toBe('');
      await screenshot(manager, '62-portal-manager-approval');
      await expectAccessible(manager);
      await manager.getByRole('button', { name: 'Approve: it is Kai Wong' }).click();
      await manager.getByTestId('manager-approval-done').getByText('Thank you: our support team may now help the caller.').waitFor();
      await screenshot(manager, '62b-portal-manager-approved');
    } finally {
      await context.close();
    }
    // The agent's open page catches up by itself.
    await page
      .getByTestId('verified-banner')
      .getByText(/Caller verified/)
      .waitFor();
    await page.getByTestId('manager-approval-state').getByText('approved the caller').waitFor();
    await page.getByTestId('ticket-timeline').getByText('Manager approved the caller').waitFor();
    await screenshot(page, '55f-manager-approved', { fullPage: false });
  });
});
