import { Page } from 'playwright-core';
import { AdminUiSession, openAdminUi, screenshot } from '../support/browser';
import { PrivateRedis } from '../support/private-redis';

describe('admin UI: System page with a Redis that may evict jobs and keeps nothing on disk', () => {
  let redis: PrivateRedis;
  let ui: AdminUiSession;
  let page: Page;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // The private server's own settings, as if started with --maxmemory-policy allkeys-lru --maxmemory 64mb.
    await redis.command((client) => client.config('SET', 'maxmemory-policy', 'allkeys-lru'));
    await redis.command((client) => client.config('SET', 'maxmemory', String(64 * 1024 * 1024)));
    ui = await openAdminUi({ role: 'supervisor', env: { REDIS_URL: redis.url } });
    page = ui.page;
  });

  afterAll(async () => {
    await ui?.close();
    await redis?.stop();
  });

  it('shows Redis degraded, naming the eviction policy, the memory headroom and that persistence is off', async () => {
    await page.goto(`${ui.baseUrl}/admin/`);
    await page.getByRole('menuitem', { name: 'System' }).click();
    const card = page.getByTestId('service-redis');
    await card.getByTestId('service-status').getByText('Degraded').waitFor();
    await card.getByText(/maxmemory-policy is allkeys-lru; BullMQ needs noeviction/).waitFor();
    await card
      .getByTestId('redis-memory')
      .getByText(
        /maxmemory-policy allkeys-lru · [\d.]+ MiB used of 64\.0 MiB \(\d+ % free\) · persistence off: a restart empties the queues/,
      )
      .waitFor();
    await page.getByTestId('service-database').getByText('Healthy').waitFor();
    await screenshot(page, 'system-redis-degraded');
  });
});
