import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { endProcess } from './stop-process';

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

/** An API in a process of its own on a loopback port, as a container would run it: one a test can SIGKILL. */
export class ApiProcess {
  /** What the process printed so far (its JSON log lines). */
  readonly output: ReturnType<typeof collectOutput>;

  private constructor(
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    this.output = collectOutput(child);
  }

  static async start(port: number, env: Record<string, string>): Promise<ApiProcess> {
    const api = new ApiProcess(port, spawnEntrypoint('api', [], { ...env, PORT: String(port) }));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await fetch(`${api.url}/api/health`).catch(() => undefined);
      if (response?.ok) return api;
      if (api.child.exitCode !== null || Date.now() > deadline) {
        api.child.kill('SIGKILL');
        throw new Error(`the API on port ${port} did not start; stderr: ${api.output.stderr().slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Ends the process with `signal` (SIGKILL: no graceful shutdown, as a node lost) and waits until it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await endProcess(this.child, signal);
  }
}
