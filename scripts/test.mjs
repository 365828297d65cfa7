// npm test: the type check and the whole jest suite side by side (the type check would otherwise hold up the
// start of the suite for ~13 s); fails when either fails. Arguments go to jest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/build-state.mjs';

function run(args, { capture }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const typecheck = (async () => {
  for (const project of ['tsconfig.json', 'apps/admin/tsconfig.json']) {
    const result = await run([tsc, '--noEmit', '-p', project], { capture: true });
    if (result.code !== 0) return { ...result, project };
  }
  return { code: 0, output: '' };
})();
const jest = run([join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), ...process.argv.slice(2)], { capture: false });

const [types, tests] = await Promise.all([typecheck, jest]);
if (types.code !== 0) process.stderr.write(`\nThe type check of ${types.project} failed:\n${types.output}\n`);
else process.stdout.write('Type check passed.\n');
process.exit(types.code || tests.code);
