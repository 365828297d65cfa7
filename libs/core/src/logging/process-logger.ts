import { hostname } from 'node:os';
import { format } from 'node:util';
import { Level, LevelWithSilent, Logger, pino } from 'pino';
import { REDACTED_LOG_PATHS } from './redaction';

/** The program a log line comes from; every line carries it as `process`. */
export type ProcessName = 'api' | 'worker' | 'cli' | 'bench';

const base = (processName: ProcessName) => ({ pid: process.pid, hostname: hostname(), app: 'resetdesk', process: processName });

export function createProcessLogger(processName: ProcessName, level: LevelWithSilent): Logger {
  return pino({ level, base: base(processName), redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } });
}

let current: Logger | null = null;

/** Makes `logger` the one console output goes through (see `logConsoleOutput`). */
export function useProcessLogger(logger: Logger): Logger {
  current = logger;
  return logger;
}

const CONSOLE_LEVELS = { debug: 'debug', log: 'info', info: 'info', warn: 'warn', error: 'error' } as const satisfies Record<string, Level>;

/**
 * Libraries that print with `console` (BullMQ warns about a Redis eviction policy that way) would put
 * plain text between the JSON lines: from now on console output goes through the process logger,
 * once the app has built it, with `context: "console"`. For entry points only: tests keep their console.
 */
export function logConsoleOutput(): void {
  for (const [method, level] of Object.entries(CONSOLE_LEVELS) as Array<[keyof typeof CONSOLE_LEVELS, Level]>) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      if (!current) return original(...args);
      const err = args.find((arg) => arg instanceof Error);
      current[level]({ context: 'console', ...(err ? { err } : {}) }, format(...args));
    };
  }
}

/**
 * One JSON line on stderr for a process that cannot go on (bad configuration, unreachable
 * database, a shutdown that hangs), whatever LOG_LEVEL says, written before the process exits.
 */
export function logFatal(processName: ProcessName, message: string): void {
  pino({ base: base(processName) }, pino.destination({ dest: 2, sync: true })).fatal(message);
}
