// npm run bench:<name>: compiles the benchmark with the code it measures (tsc, as `npm run build` does) and runs
// the JavaScript, so a figure is the product as it runs in production — not under an in-memory TypeScript
// compiler, which alone adds ~80 MB to a process's resident memory. Arguments after the name go to the bench.
// (This script itself runs through that compiler; the bench it starts does not.)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compileWithAliases } from '../test/support/compile-with-aliases';

const ROOT = join(__dirname, '..');

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  if (!name) {
    process.stderr.write('usage: node -r @swc-node/register scripts/bench.ts <name> [bench arguments]\n');
    process.exit(2);
  }
  await compileWithAliases({ project: join(ROOT, 'tsconfig.bench.json') });
  const run = spawnSync(process.execPath, ['--expose-gc', join(ROOT, 'dist', 'bench-build', 'bench', `${name}.bench.js`), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
