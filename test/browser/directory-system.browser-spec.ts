import { DirectorySyncRunEntity } from '@resetdesk/directory';
import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { PrivateSlapd } from '../support/private-slapd';

describe('admin UI: the Directory card of the System page with OpenLDAP behind the API', () => {
  let slapd: PrivateSlapd;
  let ui: AdminUiSession;
  let page: Page;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    ui = await openAdminUi({ role: 'supervisor', env: slapd.env() });
    page = ui.page;
    // A run as the sync records it: 1,250 entries seen, 3 leavers disabled.
    const finishedAt = new Date(Date.now() - 10 * 60_000);
    await ui.stack.dataSource.getRepository(DirectorySyncRunEntity).insert({
      mode: 'incremental',
      trigger: 'schedule',
      status: 'succeeded',
      startedAt: new Date(finishedAt.getTime() - 8_000),
      finishedAt,
      seen: 1250,
      created: 12,
      updated: 30,
      unchanged: 1205,
      disabled: 3,
    });
  });

  afterAll(async () => {
    await ui?.close();
    await slapd?.stop();
  });

  it('shows the directory reachable over LDAPS with its latency and the last sync with its counts', async () => {
    await page.goto(`${ui.baseUrl}/admin/`);
    await page.getByRole('menuitem', { name: 'System' }).click();
    const card = page.getByTestId('service-directory');
    await card.getByTestId('service-status').getByText('Healthy').waitFor();
    await card.getByText('LDAP (OpenLDAP)').waitFor();
    await card.getByTestId('directory-url').getByText(`ldaps://127.0.0.1:${slapd.tlsPort}`).waitFor();
    await card.getByTestId('directory-tls').getByText('LDAPS').waitFor();
    await card
      .getByTestId('directory-reachable')
      .getByText(/^yes · \d+ ms$/)
      .waitFor();
    await card
      .getByTestId('directory-last-run')
      .getByText(/^succeeded · incremental · /)
      .waitFor();
    await card.getByTestId('directory-sync-counts').getByText('1250 seen · 12 created · 30 updated · 3 disabled').waitFor();
    await card
      .getByTestId('directory-last-success')
      .getByText(/· schedule 0 \* \* \* \* \(UTC\)/)
      .waitFor();
    expect(await card.getByTestId('service-message').count()).toBe(0);
    expect(await card.textContent()).not.toContain(slapd.bindPassword);
    // Supervisors follow the syncs; asking for one is an admin's.
    expect(await card.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    await screenshot(page, 'system-directory-up');
  });

  it('shows the directory down, saying it cannot be reached, once the server stops', async () => {
    await slapd.crash();
    try {
      const card = page.getByTestId('service-directory');
      // The API reuses a probe for 5 s and the page polls every 10 s: the next poll shows it.
      await card.getByTestId('service-status').getByText('Down').waitFor({ timeout: 25_000 });
      await card
        .getByTestId('service-message')
        .getByText(
          `Cannot reach the directory at ldaps://127.0.0.1:${slapd.tlsPort} (connect ECONNREFUSED 127.0.0.1:${slapd.tlsPort}): check that the server is running and that DIRECTORY_URL names the right host and port`,
        )
        .waitFor();
      await card.getByTestId('directory-reachable').getByText(/^no$/).waitFor();
      // The sync's history stays readable while the directory is away.
      await card
        .getByTestId('directory-sync-counts')
        .getByText(/^1250 seen/)
        .waitFor();
      await page.getByTestId('service-database').getByText('Healthy').waitFor();
      await screenshot(page, 'system-directory-down');
    } finally {
      await slapd.resume();
    }
  }, 45_000);
});

describe('admin UI: an admin asks for a directory sync from the System page', () => {
  let slapd: PrivateSlapd;
  let ui: AdminUiSession;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start({
      bulkUsers: ['ana', 'ben', 'chen'].map((uid) => ({
        uid,
        cn: `${uid} Example`,
        mail: `${uid}@example.com`,
        password: 'Initial-pass-2026!',
      })),
    });
    ui = await openAdminUi({ role: 'admin', worker: true, env: slapd.env() });
  });

  afterAll(async () => {
    await ui?.close();
    await slapd?.stop();
  });

  it('"Sync now" queues a sync the worker runs; the card shows its counts and the accounts are there', async () => {
    const page = ui.page;
    await page.goto(`${ui.baseUrl}/admin/system`);
    const card = page.getByTestId('service-directory');
    await card.getByTestId('directory-last-run').getByText('none yet').waitFor();
    await card.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/Sync queued: the worker runs it now/).waitFor();
    await card.getByTestId('directory-sync-counts').getByText('3 seen · 3 created · 0 updated · 0 disabled').waitFor({ timeout: 20_000 });
    await card
      .getByTestId('directory-last-run')
      .getByText(/^succeeded · full · /)
      .waitFor();
    await screenshot(page, 'system-directory-synced');
    const synced = await ui.stack.dataSource.query('SELECT username, directory_dn FROM accounts ORDER BY username');
    expect(synced).toEqual(['ana', 'ben', 'chen'].map((uid) => ({ username: uid, directory_dn: slapd.userDn(uid) })));
  }, 45_000);
});

describe('admin UI: the Directory card with the local store', () => {
  let ui: AdminUiSession;

  beforeAll(async () => {
    ui = await openAdminUi({ role: 'supervisor', env: { DIRECTORY_KIND: 'local' } });
  });

  afterAll(() => ui?.close());

  it('says passwords are kept in ResetDesk’s own store', async () => {
    const { page } = ui;
    await page.goto(`${ui.baseUrl}/admin/`);
    await page.getByRole('menuitem', { name: 'System' }).click();
    const card = page.getByTestId('service-directory');
    await card.getByTestId('service-status').getByText('Healthy').waitFor();
    await card.getByTestId('directory-local').getByText("Passwords are kept in ResetDesk's own store").waitFor();
    expect(await card.getByTestId('directory-connection').count()).toBe(0);
    await screenshot(page, 'system-directory-local');
  });
});
