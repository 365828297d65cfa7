// npm test: the type check and the whole jest suite side by side (the type check would otherwise hold up the
// start of the suite for ~13 s); fails when either fails. Arguments go to jest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/build-state.mjs';

function run(command, args, { capture }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

// The type check is package.json's own `typecheck` script, so the list of projects lives in one place; the npm
// that runs this script runs it (npm_execpath), or the one on PATH when started directly with node.
const npm = process.env.npm_execpath;
const typecheck = run(npm ? process.execPath : 'npm', [...(npm ? [npm] : []), 'run', '--silent', 'typecheck'], { capture: true });
// A young generation of 64 MB semispaces instead of 16: test files allocate a lot of short-lived objects (a Nest app
// per file, every HTTP round trip), and fewer scavenges took a 36-file sample from 204 to 190 s of CPU. A flag of
// jest's own process, which its workers inherit; the API, worker and CLI processes tests start run as shipped.
const jest = run(
  process.execPath,
  ['--max-semi-space-size=64', join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)],
  {
    capture: false,
  },
);

const [types, tests] = await Promise.all([typecheck, jest]);
if (types.code !== 0) process.stderr.write(`\nThe type check failed:\n${types.output}\n`);
else process.stdout.write('Type check passed.\n');
process.exit(types.code || tests.code);
