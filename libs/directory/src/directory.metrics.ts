import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { directoryConfig, DirectoryConfigType, MetricsService, UNREAD } from '@resetdesk/core';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DirectoryRefusal, DirectoryUnavailable } from './directory.errors';
import type { PasswordDirectory } from './password-directory';
import type { DirectorySyncMode, DirectorySyncStatus } from './sync/directory-sync-run.entity';
import { DirectorySyncRunsRepository } from './sync/directory-sync-runs.repository';

/** verify_password: the bind that proves a holder's current password before their own change. */
export const DIRECTORY_OPERATIONS = ['set_password', 'change_password', 'verify_password', 'unlock', 'check'] as const;
export type DirectoryOperation = (typeof DIRECTORY_OPERATIONS)[number];
export type DirectoryOutcome = 'ok' | 'refused' | 'unavailable';

/** The sync counts of a run, in the order the gauge lists them. */
const SYNC_OUTCOMES = ['seen', 'created', 'updated', 'unchanged', 'disabled', 'conflicts'] as const;
const SYNC_MODES: readonly DirectorySyncMode[] = ['full', 'incremental'];
const FINISHED_STATUSES: readonly Exclude<DirectorySyncStatus, 'running'>[] = ['succeeded', 'failed'];

// A scrape answers within about a second (MetricsService); the directory's own timeout is longer.
const REACHABILITY_WAIT_MS = 500;

/**
 * How a directory call ended, for the operations counter: the directory said
 * no (a rule the holder can act on), or it could not serve us. Anything else
 * (an untranslated ldapts error, a bug) also left the holder without a
 * password change, through no fault of theirs: it counts as unavailable.
 */
export function directoryOutcome(error: unknown): Exclude<DirectoryOutcome, 'ok'> {
  if (error instanceof DirectoryRefusal) return 'refused';
  if (error instanceof DirectoryUnavailable) return 'unavailable';
  return 'unavailable';
}

/** Reads whether the directory answers, for `resetdesk_directory_up` (the probe registers itself). */
export interface ReachabilitySource {
  reachabilityWithin(waitMs: number): Promise<{ reachable: boolean }>;
}

/**
 * Directory writes and checks (count by outcome, latency) as the password
 * flows make them, and the sync's last run and reachability read at scrape
 * time. PASSWORD_DIRECTORY is bound observed (`observedDirectory`), so every
 * flow's directory call is counted; other directory work can use `observe`.
 */
@Injectable()
export class DirectoryMetrics implements OnModuleInit {
  private readonly operations: Counter<'operation' | 'outcome'>;
  private readonly latency: Histogram<'operation'>;
  private reachabilitySource?: ReachabilitySource;

  constructor(
    private readonly metrics: MetricsService,
    private readonly runs: DirectorySyncRunsRepository,
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
  ) {
    const registers = [metrics.registry];
    this.operations = new Counter({
      name: 'resetdesk_directory_operations_total',
      help: 'Directory operations by outcome: ok, refused (the directory said no), unavailable (unreachable, timed out or failed)',
      labelNames: ['operation', 'outcome'] as const,
      registers,
    });
    this.latency = new Histogram({
      name: 'resetdesk_directory_operation_seconds',
      help: 'Directory operation latency, connection and bind included',
      labelNames: ['operation'] as const,
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    // Zeroes from the start, so rate() and absent-series alerts work before the first reset.
    for (const operation of DIRECTORY_OPERATIONS)
      for (const outcome of ['ok', 'refused', 'unavailable'] as const) this.operations.inc({ operation, outcome }, 0);
  }

  /** Times `work` and counts its outcome; the result or error passes through unchanged. */
  async observe<T>(operation: DirectoryOperation, work: () => Promise<T>): Promise<T> {
    const stop = this.latency.startTimer({ operation });
    try {
      const result = await work();
      this.operations.inc({ operation, outcome: 'ok' });
      return result;
    } catch (error) {
      this.operations.inc({ operation, outcome: directoryOutcome(error) });
      throw error;
    } finally {
      stop();
    }
  }

  reachabilityFrom(source: ReachabilitySource): void {
    this.reachabilitySource = source;
  }

  onModuleInit(): void {
    // With the local store there is no directory to be up or to sync from.
    if (this.config.kind === 'local') return;
    const { metrics, runs } = this;
    const registers = [metrics.registry];
    const getSource = () => this.reachabilitySource;
    // The runs counter and the running gauge are collected side by side in one scrape: one query serves both.
    let countsInFlight: ReturnType<typeof readCounts> | undefined;
    const readCounts = () => metrics.read('database', () => runs.countsByModeAndStatus());
    const runCounts = () => (countsInFlight ??= readCounts().finally(() => (countsInFlight = undefined)));
    new Gauge({
      name: 'resetdesk_directory_up',
      help: 'Whether the directory answered the last probe (TLS, service account bind, base DN read): 1 or 0',
      registers,
      async collect() {
        const source = getSource();
        if (!source) return this.set(NaN);
        // A probe slower than the scrape's budget reports the previous one; the next scrape sees the new result.
        const known = await source.reachabilityWithin(REACHABILITY_WAIT_MS);
        this.set(Number(known.reachable));
      },
    });
    new Gauge({
      name: 'resetdesk_directory_last_sync_timestamp_seconds',
      help: 'When the last successful directory sync finished (Unix time; 0: none yet)',
      registers,
      async collect() {
        const succeeded = await metrics.read('database', () => runs.latestWithStatus('succeeded'));
        this.set(succeeded === UNREAD ? NaN : succeeded?.finishedAt ? succeeded.finishedAt.getTime() / 1000 : 0);
      },
    });
    new Counter({
      name: 'resetdesk_directory_sync_runs_total',
      help: 'Directory syncs finished, by mode (full, incremental) and status (succeeded, failed); read from the kept run records, so every instance reports the same total',
      labelNames: ['mode', 'status'] as const,
      registers,
      async collect() {
        const counts = await runCounts();
        if (counts === UNREAD) return;
        this.reset();
        // Zeroes for what has not happened yet, so increase() and absent-series alerts work from the first scrape.
        for (const mode of SYNC_MODES) for (const status of FINISHED_STATUSES) this.inc({ mode, status }, 0);
        for (const { mode, status, runs: count } of counts) if (status !== 'running') this.inc({ mode, status }, count);
      },
    });
    new Gauge({
      name: 'resetdesk_directory_sync_running',
      help: 'Directory syncs running now (0 or 1: runs hold a lease one at a time)',
      registers,
      async collect() {
        const counts = await runCounts();
        this.set(counts === UNREAD ? NaN : counts.filter((row) => row.status === 'running').reduce((sum, row) => sum + row.runs, 0));
      },
    });
    new Gauge({
      name: 'resetdesk_directory_last_sync_duration_seconds',
      help: 'How long the latest successful directory sync of each mode took',
      labelNames: ['mode'] as const,
      registers,
      async collect() {
        const latest = await metrics.read('database', () =>
          Promise.all(SYNC_MODES.map((mode) => runs.latestWithStatus('succeeded', mode))),
        );
        this.reset();
        if (latest === UNREAD) return;
        // Succeeded runs only: a run taken over after its process died is closed at the takeover, hours after it stopped.
        for (const run of latest)
          if (run?.finishedAt) this.set({ mode: run.mode }, (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
      },
    });
    new Gauge({
      name: 'resetdesk_directory_sync_entries',
      help: 'Entries of the latest directory sync run by outcome (a running sync shows its progress)',
      labelNames: ['outcome'] as const,
      registers,
      async collect() {
        const latest = await metrics.read('database', () => runs.latest());
        this.reset();
        if (latest === UNREAD || !latest) return;
        for (const outcome of SYNC_OUTCOMES) this.set({ outcome }, latest[outcome]);
      },
    });
  }
}

/**
 * `directory` with every call counted and timed, so the password flows need
 * no metrics code of their own: the module binds this to PASSWORD_DIRECTORY.
 */
export function observedDirectory(directory: PasswordDirectory, metrics: DirectoryMetrics): PasswordDirectory {
  return {
    kind: directory.kind,
    setPassword: (account, password, options) => metrics.observe('set_password', () => directory.setPassword(account, password, options)),
    changePassword: (account, currentPassword, newPassword) =>
      metrics.observe('change_password', () => directory.changePassword(account, currentPassword, newPassword)),
    unlock: (account) => metrics.observe('unlock', () => directory.unlock(account)),
    check: () => metrics.observe('check', () => directory.check()),
  };
}
