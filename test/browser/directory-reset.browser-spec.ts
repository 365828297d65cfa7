import { AccountEntity } from '@resetdesk/accounts';
import { Browser } from 'playwright-core';
import { AdminUiSession, launchBrowser, openAdminUi, screenshot } from '../support/browser';
import { letTheDirectoryJudgeClasses } from '../support/holder-flows';
import { PrivateSamba } from '../support/private-samba';
import { PrivateSlapd } from '../support/private-slapd';
import { TestMailbox } from '../support/smtp-sink';
import { createStaff, signIn } from '../support/staff';
import { openTicket, resetLinkFromMail, verifyCaller } from '../support/tickets';
import { as } from '../support/test-stack';

const ORIGINAL = 'Original-pass-2026!';

/** The agent's and the holder's screens when the password lives in OpenLDAP: what the directory says reaches them in words. */
describe('admin UI and portal against OpenLDAP', () => {
  let slapd: PrivateSlapd;
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let holderBrowser: Browser;
  let agentApi: ReturnType<typeof as>;
  let dn: string;
  let accountId: number;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'agent', worker: true, env: { SMTP_URL: mailbox.url, ...slapd.env() } });
    const admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    dn = await slapd.addUser({ uid: 'dreyes', cn: 'Dana Reyes', mail: 'dana@example.com', password: ORIGINAL });
    accountId = (
      await admin.post('/api/accounts').send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes' }).expect(201)
    ).body.id;
    const { entryUUID } = await slapd.read(dn, ['entryUUID']);
    await ui.stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { directoryDn: dn, directoryId: String(entryUUID) });
    agentApi = as(ui.stack, await signIn(ui.stack, ui.staff));
    holderBrowser = await launchBrowser();
  });

  afterAll(async () => {
    await holderBrowser?.close();
    await ui?.close();
    await mailbox?.stop();
    await slapd?.stop();
  });

  const verifyInUi = async (ticketId: number) => {
    const page = ui.page;
    await page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await page.getByRole('button', { name: 'Send code' }).click();
    const mail = await mailbox.waitForMessage((message) => message.subject === `Your verification code for support ticket #${ticketId}`);
    await page.getByTestId('caller-code').fill(/Your verification code: (\d{6})/.exec(mail.text)![1]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('verified-banner').waitFor();
  };

  it('the agent unlocks a locked-out caller with one click; the password they had binds again', async () => {
    for (let i = 0; i < 5; i++) await slapd.canBind(dn, `Wrong-guess-${i}-xx`);
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(false);
    const ticketId = await openTicket(agentApi, accountId, 'Locked out after too many tries');
    await verifyInUi(ticketId);
    await ui.page.getByRole('button', { name: 'Unlock only' }).click();
    await ui.page.getByText('Account unlocked in the directory: the caller can sign in with their current password').waitFor();
    await screenshot(ui.page, '90-directory-unlocked');
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(true);
    await agentApi.put(`/api/tickets/${ticketId}`).send({ status: 'closed' }).expect(200);
  });

  it('the holder picks a password the directory remembers: the portal says why in words, the next one lands in the directory', async () => {
    const ticketId = await openTicket(agentApi, accountId);
    await verifyInUi(ticketId);
    await ui.page.getByLabel('Email a single-use link (30 min)').check();
    await ui.page.getByRole('button', { name: 'Reset password' }).click();
    await ui.page.getByText(/Reset link sent to d•••@example\.com/).waitFor();

    const { link } = await resetLinkFromMail(mailbox, ticketId);
    const holder = await holderBrowser.newPage({ viewport: { width: 390, height: 844 } });
    holder.setDefaultTimeout(10_000);
    await holder.goto(link.replace('http://resetdesk.test', ui.baseUrl));
    await holder.getByText('Dana Reyes').waitFor();

    // Meets ResetDesk's policy, but OpenLDAP's ppolicy has it in its history: the page says the directory has the last word.
    await holder.getByLabel('New password', { exact: true }).fill(ORIGINAL);
    await holder.getByLabel('New password again').fill(ORIGINAL);
    await holder.getByText('Meets every rule').waitFor();
    await holder
      .getByTestId('password-checklist-note')
      .getByText(/Your sign-in directory also checks the new password/)
      .waitFor();
    expect(await holder.getByTestId('rule-HISTORY').count()).toBe(0);
    await holder.getByRole('button', { name: 'Set new password' }).click();
    const problem = holder.getByTestId('reset-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toBe("The directory refused the password: it is the account's current password; choose a new one");
    expect(await problem.textContent()).not.toContain(ORIGINAL);
    await screenshot(holder, '91-portal-directory-history-refusal');

    await holder.getByLabel('New password', { exact: true }).fill('Harbor-lantern-57-quiet');
    await holder.getByLabel('New password again').fill('Harbor-lantern-57-quiet');
    await holder.getByRole('button', { name: 'Set new password' }).click();
    await holder.getByTestId('reset-done').waitFor();
    await screenshot(holder, '92-portal-directory-reset-done');
    await holder.close();
    expect(await slapd.canBind(dn, 'Harbor-lantern-57-quiet')).toBe(true);
    expect(await slapd.canBind(dn, ORIGINAL)).toBe(false);
  });
});

/** The same screens when the password lives in Active Directory (Samba AD DC): AD's must-change and its complexity rule. */
describe('admin UI and portal against Active Directory', () => {
  let samba: PrivateSamba;
  let mailbox: TestMailbox;
  let ui: AdminUiSession;
  let holderBrowser: Browser;
  let agentApi: ReturnType<typeof as>;
  let dn: string;
  let accountId: number;

  beforeAll(async () => {
    samba = await PrivateSamba.start();
    mailbox = await TestMailbox.start();
    ui = await openAdminUi({ role: 'agent', worker: true, env: { SMTP_URL: mailbox.url, ...samba.env({ DIRECTORY_TIMEOUT_MS: '4000' }) } });
    const admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    dn = await samba.addUser({ sAMAccountName: 'mreyes', displayName: 'Mara Reyes', mail: 'mara@example.com', password: ORIGINAL });
    accountId = (
      await admin.post('/api/accounts').send({ username: 'mreyes', email: 'mara@example.com', displayName: 'Mara Reyes' }).expect(201)
    ).body.id;
    const { objectGUID } = await samba.read(dn, ['objectGUID']);
    await ui.stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { directoryDn: dn, directoryId: String(objectGUID) });
    await letTheDirectoryJudgeClasses(admin);
    agentApi = as(ui.stack, await signIn(ui.stack, ui.staff));
    holderBrowser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await holderBrowser?.close();
    await ui?.close();
    await mailbox?.stop();
    await samba?.stop();
  });

  it('a temporary password AD will not let the caller sign in with (773) is changed on the portal; AD’s complexity refusal is shown in words', async () => {
    const ticketId = await openTicket(agentApi, accountId, 'Locked out, needs a temporary password');
    await verifyCaller(agentApi, mailbox, ticketId);
    await ui.page.goto(`${ui.baseUrl}/admin/tickets/${ticketId}/show`);
    await ui.page.getByLabel('Temporary password (shown once, 24 h)').check();
    await ui.page.getByRole('button', { name: 'Reset password' }).click();
    const shown = ui.page.getByTestId('temporary-password');
    await shown.waitFor();
    const temporary = (await shown.textContent())!.trim();
    // AD took it with pwdLastSet=0: the caller cannot sign in with it anywhere but the change page.
    expect(await samba.bindError(dn, temporary)).toContain('data 773');

    const holder = await holderBrowser.newPage({ viewport: { width: 390, height: 844 } });
    holder.setDefaultTimeout(10_000);
    await holder.goto(`${ui.baseUrl}/change-password`);
    await holder.getByLabel('Username').fill('mreyes');
    await holder.getByLabel('Current password').fill(temporary);
    await holder.getByRole('button', { name: 'Continue' }).click();
    await holder.getByTestId('change-for').getByText('Mara Reyes').waitFor();

    // ResetDesk's checklist passes it; the domain's complexity rule does not.
    const lowercaseOnly = 'copper harbor lantern quietly drifting';
    await holder.getByLabel('New password', { exact: true }).fill(lowercaseOnly);
    await holder.getByLabel('New password again').fill(lowercaseOnly);
    await holder.getByText('Meets every rule').waitFor();
    await holder.getByRole('button', { name: 'Change password' }).click();
    const problem = holder.getByTestId('change-problem');
    await problem.getByText(/complexity/).waitFor();
    expect(await problem.textContent()).not.toContain(lowercaseOnly);
    await screenshot(holder, '93-portal-ad-complexity-refusal');

    await holder.getByLabel('New password', { exact: true }).fill('Harbor-lantern-57-quiet');
    await holder.getByLabel('New password again').fill('Harbor-lantern-57-quiet');
    await holder.getByRole('button', { name: 'Change password' }).click();
    await holder.getByTestId('change-done').waitFor();
    await screenshot(holder, '94-portal-ad-change-done');
    await holder.close();
    expect(await samba.canBind(dn, 'Harbor-lantern-57-quiet')).toBe(true);
    expect(await samba.canBind(dn, temporary)).toBe(false);
  });
});
