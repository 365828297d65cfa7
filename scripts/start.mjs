// npm start: the built API and worker together in production mode (no demo data, no mail catcher).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './lib/build-state.mjs';
import { startProcessTree } from './lib/process-tree.mjs';

const api = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const worker = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
if (!existsSync(api) || !existsSync(worker)) {
  process.stderr.write('No build found: run "npm run build" first.\n');
  process.exit(1);
}

// Check the configuration once, up front, so a bad variable gives one line instead of one per process.
const { parseConfig } = await import(pathToFileURL(join(ROOT, 'dist', 'libs', 'core', 'src', 'config', 'config.schema.js')).href);
const env = { NODE_ENV: process.env.NODE_ENV ?? 'production' };
try {
  parseConfig({ ...process.env, ...env });
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

startProcessTree(
  [
    { name: 'api', script: api },
    { name: 'worker', script: worker },
  ],
  { env, onAllStopped: (code) => process.exit(code) },
);
