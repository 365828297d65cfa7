// npm run bench:<name>: compiles the benchmark with the code it measures (tsc, as `npm run build` does) and runs
// the JavaScript, so a figure is the product as it runs in production — not under an in-memory TypeScript
// compiler, which alone adds ~80 MB to a process's resident memory. Arguments after the name go to the bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/build-state.mjs';

const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: node scripts/bench.mjs <name> [bench arguments]\n');
  process.exit(2);
}
const project = join(ROOT, 'tsconfig.bench.json');
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc'), '-p', project], {
  cwd: ROOT,
  stdio: 'inherit',
});
execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', project], {
  cwd: ROOT,
  stdio: 'inherit',
});
const run = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist', 'bench-build', 'bench', `${name}.bench.js`), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
