import { Injectable } from '@nestjs/common';
import { AfterCommit, Clock } from '@resetdesk/core';
import { EntityManager } from 'typeorm';
import { AuditEventInput } from './audit-event-input';
import { AuditSealTrigger } from './chain/audit-seal-trigger';
import { redactDetails } from './redact-details';

/**
 * Writes audit events with the caller's EntityManager, so an event commits
 * or rolls back with the change it records. The worker's sealer chains it
 * within a second of the commit.
 */
@Injectable()
export class AuditRecorder {
  constructor(
    private readonly clock: Clock,
    private readonly afterCommit: AfterCommit,
    private readonly sealTrigger: AuditSealTrigger,
  ) {}

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await this.recordMany(manager, [event]);
  }

  /** Many events in one INSERT (e.g. every account a scan expired), with the same guarantees as `record`. */
  async recordMany(manager: EntityManager, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const occurredAt = this.clock.now();
    // Plain SQL: a scan may write a thousand events in one statement, and the query builder's per-row work dominates that.
    await manager.query(
      `INSERT INTO audit_events (occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, ticket_id, account_id, ip, user_agent, details)
       VALUES ${events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      events.flatMap((event) => this.toRow(event, occurredAt)),
    );
    // One wake-up per transaction, after it commits: the sealer only sees committed events anyway.
    this.afterCommit.run(manager, () => this.sealTrigger.request(), 'audit-seal');
  }

  /** Column values in the INSERT's order; details are redacted before they are stored. */
  private toRow(event: AuditEventInput, occurredAt: Date): unknown[] {
    return [
      occurredAt,
      event.actor.type,
      event.actor.id == null ? null : String(event.actor.id),
      event.actor.label?.slice(0, 320) ?? null,
      event.action,
      event.target?.type ?? null,
      event.target?.id == null ? null : String(event.target.id),
      event.ticketId ?? null,
      event.accountId ?? null,
      event.context?.ip?.slice(0, 45) ?? null,
      event.context?.userAgent?.slice(0, 512) ?? null,
      JSON.stringify(redactDetails(event.details ?? {})),
    ];
  }
}
