// Runs the API and the worker as one process tree; Ctrl-C stops both cleanly.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const plainText = {
  info: (message) => process.stdout.write(`${message}\n`),
  error: (message) => process.stderr.write(`${message}\n`),
};

/**
 * Each child's output passes through unchanged, stdout to stdout and stderr to stderr: the API and
 * the worker write JSON lines naming their process, so log shippers can parse the stream. Lines are
 * relayed whole, so the two processes never interleave within a line. `log` carries the tree's own
 * messages (plain text unless the caller logs JSON).
 */
export function startProcessTree(processes, { env, onAllStopped, log = plainText }) {
  const children = processes.map(({ name, script }) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(`${line}\n`));
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
        log.error(`${entry.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest`);
        stopAll();
      }
      if (children.every((c) => c.exited)) onAllStopped(!crashed && children.every((c) => c.code === 0) ? 0 : 1);
    });
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      log.info('Stopping ResetDesk…');
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
