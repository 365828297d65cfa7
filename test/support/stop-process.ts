import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Sends SIGSTOP and returns only once every thread of the process is
 * stopped. The kernel stops a process when one of its threads next runs, so
 * on a busy machine another thread can still answer a request sent right
 * after kill() returns — a "hung" server that answered after all.
 */
export function stopProcess(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGSTOP');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return; // already gone: nothing left to answer
    throw error;
  }
  const deadline = Date.now() + 5_000;
  while (!allThreadsStopped(pid)) {
    if (Date.now() > deadline) throw new Error(`Process ${pid} did not stop within 5 s of SIGSTOP`);
    Atomics.wait(pause, 0, 0, 1);
  }
}

/** State T (stopped) or t (traced) in /proc/<pid>/task/<tid>/stat for every thread; a process gone counts as stopped. */
function allThreadsStopped(pid: number): boolean {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return true;
  }
  return threads.every((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The state follows the command name, which is in parentheses and may itself contain spaces.
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state === 'T' || state === 't' || state === 'Z' || state === 'X';
    } catch {
      return true;
    }
  });
}

/** Whether `child` is gone: it exited with a code or was ended by a signal (a SIGKILLed process has no exit code). */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends `signal` and waits for the exit; a process already gone resolves at once (its 'exit' event has been emitted
 * and will not come again, so waiting for it would hang the caller).
 */
export async function endProcess(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child || hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
