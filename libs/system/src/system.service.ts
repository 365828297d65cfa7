import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { AuditVerifier } from '@resetdesk/audit';
import { QueueName, withTimeout } from '@resetdesk/core';
import { MailTransport, NotificationRepository } from '@resetdesk/mail';
import { Queue } from 'bullmq';
import { DirectoryHealthIndicator } from './directory.health';
import { RedisHealthIndicator, redisMemoryProblem } from './redis.health';
import { QueueDepth, ServiceState, SystemStatus } from './system-status.types';
import { SystemErrorCode, SystemException } from './system.exception';

/** Health for load balancers, and the fuller picture for the System page. */
@Injectable()
export class SystemService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly directory: DirectoryHealthIndicator,
    private readonly transport: MailTransport,
    private readonly notifications: NotificationRepository,
    private readonly verifier: AuditVerifier,
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(QueueName.Mail) private readonly mailQueue: Queue,
    @InjectQueue(QueueName.Audit) private readonly auditQueue: Queue,
  ) {}

  /**
   * 200 with each dependency's state, or 503 naming the ones that are down.
   * Anonymous remote callers (load balancers need no more) get the status
   * alone: what is down and how the chain stands is for staff and this host.
   */
  async checkHealth(withDetails: boolean) {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1500 }),
        () => this.redis.isHealthy('redis'),
        () => this.auditChainHealth(),
        // Degraded at worst: see DirectoryHealthIndicator for why a directory outage does not take the API out of rotation.
        () => this.directory.isHealthy('directory'),
      ]);
      return withDetails ? result : { status: result.status };
    } catch (error) {
      const details = (error as { response?: { error?: Record<string, { message?: string }> } }).response?.error;
      if (!details) throw error;
      if (!withDetails) throw new SystemException(SystemErrorCode.Unhealthy, 'Unhealthy', { status: 'error' });
      const down = Object.entries(details).map(([name, info]) => `${name} (${info.message ?? 'down'})`);
      throw new SystemException(SystemErrorCode.Unhealthy, `Unhealthy: ${down.join(', ')}`, { status: 'error', details });
    }
  }

  /**
   * A broken audit chain is serious but not an outage: "degraded" keeps the
   * answer 200 (load balancers keep routing) while saying what broke.
   */
  private async auditChainHealth() {
    const check = this.indicators.check('auditChain');
    const latest = await this.verifier.latest().catch(() => null);
    if (!latest) return check.up({ verification: 'not run yet' });
    const details = { verifiedAt: latest.finishedAt.toISOString(), events: latest.events };
    return latest.ok ? check.up(details) : check.degraded({ ...details, brokenAtSeq: latest.brokenSeq, message: latest.message });
  }

  async status(): Promise<SystemStatus> {
    const [database, redisReachable, smtp, directory] = await Promise.all([
      this.state(async () => assertUp(await this.database.pingCheck('database', { timeout: 1500 }))),
      this.state(() => this.redis.ping()),
      this.state(() => withTimeout(this.transport.verify(), 5000, 'SMTP server did not answer in time')),
      this.directory.state(),
    ]);
    const redis = redisReachable.status === 'up' ? await this.redisState() : redisReachable;
    const queues =
      redis.status !== 'down' ? await Promise.all([this.mailQueue, this.auditQueue].map((queue) => this.queueDepth(queue))) : [];
    const outbox = database.status === 'up' ? await this.notifications.countByStatus() : { queued: 0, sent: 0, failed: 0 };
    return { database, redis, smtp, directory, queues, outbox, checkedAt: new Date().toISOString() };
  }

  /** Reachable Redis, degraded when its eviction policy or memory headroom put queued jobs at risk. */
  private async redisState(): Promise<SystemStatus['redis']> {
    const memory = await this.redis.memory().catch(() => undefined);
    const problem = memory && redisMemoryProblem(memory);
    return problem ? { status: 'degraded', message: problem, memory } : { status: 'up', memory };
  }

  private async state(check: () => Promise<unknown>): Promise<ServiceState> {
    try {
      await check();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private async queueDepth(queue: Queue): Promise<QueueDepth> {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
    return {
      name: queue.name,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
    };
  }
}

function assertUp(result: HealthIndicatorResult): void {
  const down = Object.values(result).find((entry) => entry.status !== 'up');
  if (down) throw new Error(String(down.message ?? 'down'));
}
