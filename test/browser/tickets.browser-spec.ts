import { Page } from 'playwright-core';
import { AdminUiSession, fillForm, openAdminUi, screenshot } from '../support/browser';
import { createStaff, signIn } from '../support/staff';
import { as } from '../support/test-stack';

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
    await page.getByRole('option', { name: /Dana Reyes \(dreyes, dana@example.com\)/ }).click();
    await fillForm(page, { Subject: 'Locked out after holiday' });
    await screenshot(page, '50-ticket-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/tickets\/\d+\/show$/);
    await page.getByTestId('ticket-status').getByText('open').waitFor();

    await page.getByLabel('Add a note').fill('Caller confirmed name and employee number.');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByTestId('ticket-notes').getByText('Caller confirmed name and employee number.').waitFor();
    await page.getByTestId('ticket-timeline').getByText('ticket.note_added').waitFor();
    await screenshot(page, '51-ticket-show');

    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('ticket-status').getByText('closed').waitFor();
    await page.getByTestId('ticket-timeline').getByText('ticket.status_changed').waitFor();
    await screenshot(page, '52-ticket-closed');
  });

  it('lists the agent’s tickets with the Mine filter', async () => {
    await page.getByRole('menuitem', { name: 'Tickets' }).click();
    await page.getByLabel('Not finished').uncheck();
    await page.getByLabel('Mine').check();
    await page.getByRole('row').filter({ hasText: 'Locked out after holiday' }).waitFor();
    await screenshot(page, '53-ticket-list');
  });
});
