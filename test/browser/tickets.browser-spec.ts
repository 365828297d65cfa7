import { Page } from 'playwright-core';
import { AdminUiSession, fillForm, openAdminUi, screenshot } from '../support/browser';
import { createStaff, signIn } from '../support/staff';
import { as } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('admin UI: tickets', () => {
  let ui: AdminUiSession;
  let page: Page;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'agent' });
    page = ui.page;
    const admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    await admin.post('/api/accounts').send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes' }).expect(201);
    await admin.post('/api/accounts').send({ username: 'kim', email: 'kim@example.com', displayName: 'Kim Lee' }).expect(201);
  });

  afterAll(() => ui?.close());

  it('opens a ticket for an account found by typing, adds a note, follows the timeline and closes it', async () => {
    await page.getByRole('menuitem', { name: 'Tickets' }).click();
    await page.getByRole('link', { name: 'Create' }).click();
    await page.waitForURL(/\/tickets\/create$/);
    await page.waitForLoadState('networkidle');
    await page.getByRole('combobox', { name: 'Account' }).fill('reyes');
    await page.getByRole('option', { name: /Dana Reyes \(dreyes\) d•••@example\.com/ }).click();
    await page.getByTestId('chosen-account').getByText('dreyes').waitFor();
    await fillForm(page, { Subject: 'Locked out after holiday' });
    await screenshot(page, '50-ticket-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/tickets\/\d+\/show$/);
    await page.getByTestId('ticket-status').getByText('open').waitFor();

    await page.getByLabel('Add a note').fill('Caller confirmed name and employee number.');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('ticket-notes').getByText('Caller confirmed name and employee number.').waitFor();
    await page.getByTestId('ticket-timeline').getByText('Note added').waitFor();
    await screenshot(page, '51-ticket-show');

    await page.getByRole('button', { name: 'Close', exact: true }).click();
    // Closing says why; the reason goes into the timeline's event.
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByRole('button', { name: 'Close' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Reason').fill('Caller got back in on their own');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByTestId('ticket-status').getByText('closed').waitFor();
    await page.getByTestId('ticket-timeline').getByText('Status changed to closed — Caller got back in on their own').waitFor();
    await screenshot(page, '52-ticket-closed');
  });

  it('ranks the picker’s options (Ana before Hana), shows who was chosen and their open ticket, and fixes a wrong pick', async () => {
    const admin = as(ui.stack, await signIn(ui.stack, await createStaff(ui.stack, 'admin')));
    const hana = (
      await admin
        .post('/api/accounts')
        .send({ username: 'hreyes', email: 'hana@example.com', displayName: 'Hana Reyes', privileged: true })
        .expect(201)
    ).body.id as number;
    const ana = (
      await admin.post('/api/accounts').send({ username: 'areyes', email: 'ana@example.com', displayName: 'Ana Reyes' }).expect(201)
    ).body.id as number;
    await ui.stack.dataSource.query("UPDATE accounts SET status = 'locked' WHERE id = ?", [hana]);
    const agent = as(ui.stack, await signIn(ui.stack, ui.staff));
    const earlier = (await agent.post('/api/tickets').send({ accountId: ana, subject: 'Called yesterday', channel: 'phone' }).expect(201))
      .body.id;

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${ui.baseUrl}/admin/`);
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.waitForURL(/\/tickets\/create$/);
    await page.waitForLoadState('networkidle');
    await page.getByRole('combobox', { name: 'Account' }).fill('ana reyes');
    const options = page.getByTestId('account-option');
    // The server's answer for the search, not the first page shown while it was typed.
    await waitFor(async () => !(await options.allTextContents()).some((text) => text.startsWith('Kim Lee')), {
      what: 'the search results',
    });
    // Dana and Hana Reyes contain "ana reyes" inside a word: after the whole match, each with their badges.
    expect(await options.allTextContents()).toEqual([
      'Ana Reyes (areyes)a•••@example.comactive',
      'Dana Reyes (dreyes)d•••@example.comactive',
      'Hana Reyes (hreyes)h•••@example.comlockedprivileged',
    ]);
    await screenshot(page, '50b-picker-ranked');
    await options.first().click();
    const chosen = page.getByTestId('chosen-account');
    await chosen.getByText('a•••@example.com').waitFor();
    await page
      .getByTestId('open-ticket-warning')
      .getByRole('link', { name: `#${earlier} Called yesterday` })
      .waitFor();
    await page.getByRole('button', { name: 'Forgot password' }).click();
    expect(await page.getByLabel('Subject').inputValue()).toBe('Forgot password');
    await screenshot(page, '50c-picker-chosen');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/tickets\/\d+\/show$/);

    // The agent notices the caller is Hana after all: moved before any code, with its reason in the trail.
    await page.getByRole('button', { name: 'Change account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Account' }).fill('hreyes');
    await page.getByTestId('account-option').getByText('Hana Reyes (hreyes)').click();
    await dialog.getByRole('button', { name: 'Move the ticket' }).click();
    await page.getByText(/is now for the account you chose/).waitFor();
    await page.getByText('hreyes', { exact: true }).waitFor();
    await screenshot(page, '50d-ticket-account-changed');

    // From the account page, a new ticket starts with the account chosen.
    await page.goto(`${ui.baseUrl}/admin/accounts/${ana}/show`);
    await page.getByRole('link', { name: 'New ticket for this account' }).click();
    await page.getByTestId('chosen-account').getByText('areyes').waitFor();
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('lists the agent’s tickets with the Mine filter', async () => {
    await page.getByRole('menuitem', { name: 'Tickets' }).click();
    await page.getByLabel('Not finished').uncheck();
    await page.getByLabel('Mine').check();
    await page.getByRole('row').filter({ hasText: 'Locked out after holiday' }).waitFor();
    await screenshot(page, '53-ticket-list');
  });
});
