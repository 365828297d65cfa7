import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export type Entrypoint = 'api' | 'worker' | 'cli';

/**
 * Starts an app in a child process: the run's compiled build (the global setup's, as `npm run build` makes it), or
 * the TypeScript entry point through the in-memory compiler when there is none.
 */
export function spawnEntrypoint(entry: Entrypoint, args: string[], env: Record<string, string>): ChildProcess {
  const built = process.env.TEST_BUILD_DIR;
  const main = built
    ? [join(built, 'apps', entry, 'src', 'main.js')]
    : ['-r', '@swc-node/register', join(ROOT, 'apps', entry, 'src', 'main.ts')];
  return spawn(process.execPath, [...main, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function collectOutput(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { stdout: () => stdout, stderr: () => stderr };
}

export function waitForExit(child: ChildProcess, timeoutMs = 30_000): Promise<Finished> {
  const output = collectOutput(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${timeoutMs} ms; stderr: ${output.stderr()}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain.
      setImmediate(() => resolve({ code, signal, stdout: output.stdout(), stderr: output.stderr() }));
    });
  });
}

export function runEntrypoint(entry: Entrypoint, args: string[], env: Record<string, string>, timeoutMs?: number): Promise<Finished> {
  return waitForExit(spawnEntrypoint(entry, args, env), timeoutMs);
}
