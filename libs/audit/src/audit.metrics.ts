import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, MetricsService, UNREAD } from '@resetdesk/core';
import { Gauge } from 'prom-client';
import { AuditChainRepository } from './chain/audit-chain.repository';
import { AuditVerifier } from './chain/audit-verifier.service';

/** Chain health for Prometheus, read at scrape time from the database (the worker writes it). */
@Injectable()
export class AuditMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly verifier: AuditVerifier,
    private readonly chain: AuditChainRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const { metrics, verifier, chain, clock } = this;
    const registers = [metrics.registry];
    // NaN: the database did not answer this scrape (resetdesk_metrics_source_up says so too).
    new Gauge({
      name: 'resetdesk_audit_chain_ok',
      help: 'Last audit chain verification: 1 verified, 0 broken, -1 never verified',
      registers,
      async collect() {
        const latest = await metrics.read('database', () => verifier.latest());
        this.set(latest === UNREAD ? NaN : latest ? (latest.ok ? 1 : 0) : -1);
      },
    });
    new Gauge({
      name: 'resetdesk_audit_chain_verified_timestamp_seconds',
      help: 'When the audit chain was last verified (Unix time)',
      registers,
      async collect() {
        const latest = await metrics.read('database', () => verifier.latest());
        this.set(latest === UNREAD ? NaN : latest ? latest.finishedAt.getTime() / 1000 : 0);
      },
    });
    new Gauge({
      name: 'resetdesk_audit_unsealed_events',
      help: 'Audit events recorded but not sealed into the chain yet',
      registers,
      async collect() {
        const unsealed = await metrics.read('database', () => chain.countUnsealed());
        this.set(unsealed === UNREAD ? NaN : unsealed);
      },
    });
    new Gauge({
      name: 'resetdesk_audit_seal_lag_seconds',
      help: 'Age of the oldest unsealed audit event',
      registers,
      async collect() {
        const oldest = await metrics.read('database', () => chain.oldestUnsealedAt());
        this.set(oldest === UNREAD ? NaN : oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0);
      },
    });
  }
}
