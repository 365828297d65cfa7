// Decides whether the built output is older than its sources, so scripts rebuild only when needed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

const targets = {
  server: {
    output: join(ROOT, 'dist', 'apps', 'cli', 'src', 'main.js'),
    sources: ['apps/api/src', 'apps/worker/src', 'apps/cli/src', 'libs', 'tsconfig.json', 'tsconfig.build.json'],
    script: 'build:server',
  },
  admin: {
    output: join(ROOT, 'dist', 'admin', 'index.html'),
    sources: ['apps/admin/src', 'apps/admin/index.html', 'apps/admin/vite.config.mts'],
    script: 'build:admin',
  },
};

function sourcesMtime(sources) {
  return Math.max(
    ...sources.map((source) => {
      const path = join(ROOT, source);
      if (!existsSync(path)) return 0;
      return statSync(path).isDirectory() ? newestMtime(path) : statSync(path).mtimeMs;
    }),
  );
}

export function isStale(name) {
  const target = targets[name];
  // Without sources (a production image ships only dist/), the built output is all there is.
  const sources = sourcesMtime(target.sources);
  return builtAt(target.output) === 0 || (sources > 0 && sources > builtAt(target.output));
}

/** Builds the named parts (server, admin) that are missing or older than their sources. */
export function ensureBuilt(names, { quiet = false } = {}) {
  for (const name of names) {
    if (!isStale(name)) continue;
    if (!quiet) process.stdout.write(`Building ${name}…\n`);
    execFileSync('npm', ['run', '--silent', targets[name].script], {
      cwd: ROOT,
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    });
  }
}
