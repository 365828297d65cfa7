import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The browser suite drives the built admin UI; build it so tests never see a stale bundle. */
export default function buildAdmin(): void {
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
}
