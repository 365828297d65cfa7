import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/**
 * What `npm run build:server` does, for any tsconfig and into any folder: tsc (TypeScript's native compiler), then
 * tsc-alias to turn the `@resetdesk/*` imports into relative paths, so plain `node` runs the output. A failure
 * throws with the compilers' own output.
 */
export async function compileWithAliases(options: { project: string; outDir?: string; tscArgs?: string[] }): Promise<void> {
  const run = (args: string[]) => promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const outDir = options.outDir ? ['--outDir', options.outDir] : [];
  try {
    await run([
      join(ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc'),
      '-p',
      options.project,
      ...outDir,
      ...(options.tscArgs ?? []),
    ]);
    await run([join(ROOT, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', options.project, ...outDir]);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`compiling ${options.project} failed:\n${stdout}${stderr}`);
  }
}
