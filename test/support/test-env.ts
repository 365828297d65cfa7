/**
 * Environment of the whole test run. The global setup fills it once
 * (database names, unique Redis prefix); every test worker inherits it and
 * `setup-env.ts` points each worker at its own database and key prefix, so
 * test files run side by side without seeing each other's rows or queues.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A run of the unit project alone (`npm run test:unit`, `test:watch`): its specs run in memory, so
 * the run needs no databases to migrate and no Redis keys to clean up. Jest hands the global setup
 * no project selection, so it is read from the command line as jest reads it.
 */
export function unitProjectOnly(argv: readonly string[] = process.argv): boolean {
  const selected: string[] = [];
  argv.forEach((arg, index) => {
    if (arg !== '--selectProjects' && !arg.startsWith('--selectProjects=')) return;
    if (arg.includes('=')) selected.push(arg.slice(arg.indexOf('=') + 1));
    // Every following word up to the next option names a project too (a path there is taken for one, and jest runs every test).
    for (const next of argv.slice(index + 1)) {
      if (next.startsWith('-')) break;
      selected.push(next);
    }
  });
  return selected.includes('unit') && !selected.includes('e2e') && !selected.includes('browser');
}

/** Jest numbers its workers from 1; running in band is worker 1. */
export function workerIds(count: number): number[] {
  return Array.from({ length: Math.max(1, count) }, (_, index) => index + 1);
}

/** `resetdesk_test` → `resetdesk_test_w2` for worker 2. */
export function workerDatabaseUrl(worker: number): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_w${worker}`;
  return url.toString();
}

/** The database of the worker running this test file (set by setup-env.ts). */
export function currentTestDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? workerDatabaseUrl(1);
}

export function workerQueuePrefix(runPrefix: string, worker: number): string {
  return `${runPrefix}-w${worker}`;
}

export function baseTestEnv(queuePrefix: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    // The run's prefix; each worker's QUEUE_PREFIX extends it and the teardown removes them all.
    TEST_RUN_PREFIX: queuePrefix,
    APP_URL: 'http://resetdesk.test',
    MAIL_RETRY_BACKOFF_MS: '50',
    // Five quick tries, so suites see a failed email within a second; production spans hours.
    MAIL_RETRY_ATTEMPTS: '5',
    MAIL_RETRY_MAX_DELAY_MS: '1000',
    ADMIN_DIST: 'dist/admin',
    // Suites that test 2FA enforcement turn it on themselves.
    MFA_REQUIRED_ROLES: '',
    // High enough for suites that sign in often; the throttling suite sets its own.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    // Suites empty the tables between tests; a verification started before that would anchor on rows that are gone.
    AUDIT_VERIFY_ON_START: 'false',
    // Reminder suites run the scan themselves with a fake clock; the scheduler suite turns this on.
    REMINDER_SCHEDULE: 'false',
  };
}
