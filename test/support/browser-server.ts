// Imports nothing of ours: the browser project's global setup loads this outside jest's module aliases.
import { Browser, BrowserServer, chromium, LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Debian Chromium with the network-quiet flags this machine needs. */
const LAUNCH_OPTIONS: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Where the run's shared Chromium listens (set by the browser project's global setup for its workers). */
const SERVER_ENDPOINT = 'TEST_BROWSER_WS_ENDPOINT';
const serverKey = Symbol.for('resetdesk.test.browserServer');

/** Starts the run's one Chromium; the global setup and teardown run in the same process, which keeps it. */
export async function launchBrowserServer(): Promise<void> {
  const server = await chromium.launchServer(LAUNCH_OPTIONS);
  (globalThis as Record<symbol, BrowserServer>)[serverKey] = server;
  process.env[SERVER_ENDPOINT] = server.wsEndpoint();
}

export async function closeBrowserServer(): Promise<void> {
  await (globalThis as Record<symbol, BrowserServer | undefined>)[serverKey]?.close();
}

/**
 * A browser of the test's own: a connection to the run's shared Chromium (its contexts are this
 * connection's and close with it, sharing no cookies, storage or cache with other files), or a
 * Chromium of its own when the browser project's setup did not run.
 */
export function launchBrowser(): Promise<Browser> {
  const endpoint = process.env[SERVER_ENDPOINT];
  return endpoint ? chromium.connect(endpoint) : chromium.launch(LAUNCH_OPTIONS);
}
