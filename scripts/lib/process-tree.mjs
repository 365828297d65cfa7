// Runs the API and the worker as one process tree: output prefixed, Ctrl-C stops both cleanly.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export function startProcessTree(processes, { env, onAllStopped }) {
  const children = processes.map(({ name, script }) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
    }
    return { name, child, exited: false, code: null };
  });

  let stopping = false;
  let crashed = false;
  const stopAll = (signal = 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    for (const { child, exited } of children) if (!exited) child.kill(signal);
  };

  for (const entry of children) {
    entry.child.on('exit', (code, signal) => {
      entry.exited = true;
      entry.code = code;
      if (!stopping) {
        crashed = true;
        process.stderr.write(`${entry.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest\n`);
        stopAll();
      }
      if (children.every((c) => c.exited)) onAllStopped(!crashed && children.every((c) => c.code === 0) ? 0 : 1);
    });
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      process.stdout.write(`\nStopping ResetDesk…\n`);
      stopAll('SIGTERM');
    });
  }
  return { stopAll };
}

export async function waitForHealth(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}
