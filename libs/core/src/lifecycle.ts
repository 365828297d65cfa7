import { INestApplicationContext } from '@nestjs/common';
import { logFatal, ProcessName } from './logging/process-logger';

export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The long-running processes, and how their messages name them. */
export type ServiceProcess = Extract<ProcessName, 'api' | 'worker'>;
const TITLES: Record<ServiceProcess, string> = { api: 'ResetDesk API', worker: 'ResetDesk worker' };

/**
 * SIGTERM/SIGINT close the app (workers stop fetching and finish their
 * active jobs, Redis and the database close) and exit 0. If closing takes
 * longer than the timeout the process exits 1 so an orchestrator notices.
 */
export function exitGracefullyOnSignals(app: INestApplicationContext, processName: ServiceProcess, log: (message: string) => void): void {
  const name = TITLES[processName];
  process.off('SIGTERM', rememberSignal);
  process.off('SIGINT', rememberSignal);
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${name} received ${signal}; finishing active work`);
    const timer = setTimeout(() => {
      logFatal(processName, `${name} did not shut down within ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => {
        log(`${name} stopped`);
        process.exit(0);
      },
      (error: unknown) => {
        logFatal(processName, `${name} failed while shutting down: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  // Stopped while still starting: shut down now that there is something to close.
  if (signalWhileStarting) shutdown(signalWhileStarting);
}

let signalWhileStarting: NodeJS.Signals | null = null;
function rememberSignal(signal: NodeJS.Signals): void {
  signalWhileStarting = signal;
}

/** One line an operator can act on when a process cannot start. */
export function describeStartupError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') {
    return `${message} — is the database (DATABASE_URL) or Redis (REDIS_URL) running and reachable?`;
  }
  if (code === 'ER_ACCESS_DENIED_ERROR') return `${message} — check the user and password in DATABASE_URL`;
  if (code === 'ER_BAD_DB_ERROR') return `${message} — create it with: npm run migrate`;
  if (code === 'EADDRINUSE') return `${message} — another process is using this PORT`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs an entry point, turning any startup failure into one JSON line on stderr and exit code 1. */
export function runMain(processName: ServiceProcess, main: () => Promise<void>): void {
  // A SIGTERM during start-up (a deploy rolling on) waits for the app, then closes it cleanly instead of killing it mid-connect.
  process.once('SIGTERM', rememberSignal);
  process.once('SIGINT', rememberSignal);
  main().catch((error: unknown) => {
    logFatal(processName, `${TITLES[processName]} failed to start: ${describeStartupError(error)}`);
    process.exit(1);
  });
}
