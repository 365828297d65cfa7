import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, MetricsService } from '@resetdesk/core';
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
    const { verifier, chain, clock } = this;
    const registers = [this.metrics.registry];
    new Gauge({
      name: 'resetdesk_audit_chain_ok',
      help: 'Last audit chain verification: 1 verified, 0 broken, -1 never verified',
      registers,
      async collect() {
        const latest = await verifier.latest();
        this.set(latest ? (latest.ok ? 1 : 0) : -1);
      },
    });
    new Gauge({
      name: 'resetdesk_audit_chain_verified_timestamp_seconds',
      help: 'When the audit chain was last verified (Unix time)',
      registers,
      async collect() {
        const latest = await verifier.latest();
        this.set(latest ? latest.finishedAt.getTime() / 1000 : 0);
      },
    });
    new Gauge({
      name: 'resetdesk_audit_unsealed_events',
      help: 'Audit events recorded but not sealed into the chain yet',
      registers,
      async collect() {
        this.set(await chain.countUnsealed());
      },
    });
    new Gauge({
      name: 'resetdesk_audit_seal_lag_seconds',
      help: 'Age of the oldest unsealed audit event',
      registers,
      async collect() {
        const oldest = await chain.oldestUnsealedAt();
        this.set(oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0);
      },
    });
  }
}
