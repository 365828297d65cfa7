// npm start: the built API and worker together in production mode (no demo data, no mail catcher).
import { existsSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { ROOT } from './lib/build-state.mjs';
import { startProcessTree } from './lib/process-tree.mjs';

// JSON lines like the API's and the worker's, so the whole stream parses; written at once, since this process may exit right after.
const base = { pid: process.pid, hostname: hostname(), app: 'resetdesk', process: 'start' };
const stdoutLog = pino({ base }, pino.destination({ dest: 1, sync: true }));
const stderrLog = pino({ base }, pino.destination({ dest: 2, sync: true }));
const log = { info: (message) => stdoutLog.info(message), error: (message) => stderrLog.error(message) };

const api = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const worker = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');
if (!existsSync(api) || !existsSync(worker)) {
  log.error('No build found: run "npm run build" first.');
  process.exit(1);
}

// Check the configuration once, up front, so a bad variable gives one line instead of one per process: the core
// groups and every domain's own (libs/<domain>/src/<domain>.config.js registers its group when loaded).
const { parseConfig } = await import(pathToFileURL(join(ROOT, 'dist', 'libs', 'core', 'src', 'config', 'config.schema.js')).href);
for (const lib of readdirSync(join(ROOT, 'dist', 'libs'))) {
  const src = join(ROOT, 'dist', 'libs', lib, 'src');
  if (!existsSync(src)) continue;
  for (const file of readdirSync(src).filter((name) => name.endsWith('.config.js'))) await import(pathToFileURL(join(src, file)).href);
}
const env = { NODE_ENV: process.env.NODE_ENV ?? 'production' };
try {
  parseConfig({ ...process.env, ...env });
} catch (error) {
  log.error(error.message);
  process.exit(1);
}

startProcessTree(
  [
    { name: 'api', script: api },
    { name: 'worker', script: worker },
  ],
  { env, log, onAllStopped: (code) => process.exit(code) },
);
