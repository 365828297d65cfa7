import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launchBrowserServer } from '../support/browser-server';

/**
 * The browser suite drives the built admin UI: build it so tests never see a stale bundle. Then one
 * Chromium for the whole run, which every test file connects to for contexts of its own (a launch per
 * session cost ~0.8 s of CPU, eighteen times a run).
 */
export default async function browserGlobalSetup(): Promise<void> {
  const root = join(__dirname, '..', '..');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/admin/vite.config.mts', '--logLevel', 'warn'],
    {
      cwd: root,
      // The run's NODE_ENV is "test", which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    },
  );
  await launchBrowserServer();
}
