import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Clock, directoryConfig, DirectoryConfigType } from '@resetdesk/core';
import { DirectoryProbe, DirectorySyncRunEntity, DirectorySyncRunsRepository, syncProblem } from '@resetdesk/directory';
import { DirectoryState, DirectorySyncRunSummary, DirectorySyncState } from './system-status.types';

/**
 * The password store for `/api/health` and the System page.
 *
 * An unreachable directory is reported as *degraded*, not down: the
 * directory is shared by every instance, so a 503 would only make load
 * balancers pull all of them, and with them the portal, tickets, the audit
 * trail and the System page that says what is wrong. Resets answer 503 on
 * their own while it lasts (as mail waits in the outbox while SMTP is
 * away); the database and Redis stay what makes the API down.
 */
// As long as the database ping may take: a load balancer's check must not wait for DIRECTORY_TIMEOUT_MS.
const HEALTH_WAIT_MS = 1500;

@Injectable()
export class DirectoryHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly probe: DirectoryProbe,
    private readonly runs: DirectorySyncRunsRepository,
    private readonly clock: Clock,
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
  ) {}

  async isHealthy(key: string) {
    const check = this.indicators.check(key);
    const address = this.probe.address;
    if (!address) return check.up({ kind: 'local' });
    const [reachability, sync] = await Promise.all([this.probe.reachabilityWithin(HEALTH_WAIT_MS), this.sync().catch(() => undefined)]);
    const lastSync = sync && { lastSucceededAt: sync.lastSucceededAt, lastRunStatus: sync.lastRun?.status ?? null };
    if (!reachability.reachable) return check.degraded({ ...address, reachable: false, message: reachability.message, ...lastSync });
    const details = { ...address, reachable: true, latencyMs: reachability.latencyMs, ...lastSync };
    return sync?.degraded ? check.degraded({ ...details, message: sync.degraded }) : check.up(details);
  }

  /** What the System page shows: down with the probe's message, degraded when the sync falls behind or failed. */
  async state(): Promise<DirectoryState> {
    const address = this.probe.address;
    if (!address) return { kind: 'local', status: 'up' };
    const [reachability, sync] = await Promise.all([this.probe.reachability(), this.sync().catch(() => this.unreadSync())]);
    if (!reachability.reachable) return { ...address, status: 'down', message: reachability.message, sync };
    const base = { ...address, latencyMs: reachability.latencyMs, sync };
    return sync.degraded ? { ...base, status: 'degraded', message: sync.degraded } : { ...base, status: 'up' };
  }

  private unreadSync(): DirectorySyncState {
    return {
      lastRun: null,
      lastSucceededAt: null,
      schedule: this.config.syncSchedule,
      degraded: 'The sync history could not be read (the database did not answer)',
    };
  }

  private async sync(): Promise<DirectorySyncState> {
    const [latest, succeeded] = await Promise.all([this.runs.latest(), this.runs.latestWithStatus('succeeded')]);
    const lastSucceededAt = succeeded?.finishedAt ?? null;
    const degraded = syncProblem({ latest, lastSucceededAt, schedule: this.config.syncSchedule, now: this.clock.now() });
    return {
      lastRun: latest && summary(latest),
      lastSucceededAt: lastSucceededAt?.toISOString() ?? null,
      schedule: this.config.syncSchedule,
      ...(degraded ? { degraded } : {}),
    };
  }
}

function summary(run: DirectorySyncRunEntity): DirectorySyncRunSummary {
  return {
    status: run.status,
    mode: run.mode,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts: {
      seen: run.seen,
      created: run.created,
      updated: run.updated,
      unchanged: run.unchanged,
      disabled: run.disabled,
      conflicts: run.conflicts,
    },
    error: run.error,
  };
}
