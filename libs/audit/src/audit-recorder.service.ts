import { Injectable } from '@nestjs/common';
import { AfterCommit, Clock } from '@resetdesk/core';
import { EntityManager } from 'typeorm';
import { AuditEventsRepository, NewAuditEventRow } from './audit-events.repository';
import { AuditEventInput } from './audit-event-input';
import type { AuditAction, AuditActor } from './audit.types';
import { AuditSealTrigger } from './chain/audit-seal-trigger';
import { redactDetails } from './redact-details';

/** An event as committed, for whoever follows changes as they happen in this process (a live ticket page). */
export interface CommittedAuditEvent {
  action: AuditAction;
  actor: AuditActor;
  ticketId: number | null;
  accountId: number | null;
  occurredAt: Date;
  /** Redacted, as stored. */
  details: Record<string, unknown>;
}

export type CommittedAuditListener = (events: CommittedAuditEvent[]) => void;

/**
 * Writes audit events with the caller's EntityManager, so an event commits
 * or rolls back with the change it records. The worker's sealer chains it
 * within a second of the commit.
 */
@Injectable()
export class AuditRecorder {
  private readonly committedListeners: CommittedAuditListener[] = [];

  constructor(
    private readonly events: AuditEventsRepository,
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
    // Redacted once: the stored row and what listeners hear carry the same details.
    const details = events.map((event) => redactDetails(event.details ?? {}) as Record<string, unknown>);
    await this.events.appendMany(
      manager,
      events.map((event, index) => this.toRow(event, occurredAt, details[index]!)),
    );
    // One wake-up per transaction, after it commits: the sealer only sees committed events anyway.
    this.afterCommit.run(manager, () => this.sealTrigger.request(), 'audit-seal');
    if (this.committedListeners.length > 0) {
      for (const [index, event] of events.entries()) {
        const committed: CommittedAuditEvent = {
          action: event.action,
          actor: { type: event.actor.type, id: event.actor.id ?? null, label: event.actor.label ?? null },
          ticketId: event.ticketId ?? null,
          accountId: event.accountId ?? null,
          occurredAt,
          details: details[index]!,
        };
        // Every event of the transaction in one call, once it has committed: one change, told once.
        this.afterCommit.collect(manager, 'audit-committed', committed, (all) => this.tellCommitted(all));
      }
    }
  }

  /** `listener` hears, after each commit, the events that transaction recorded. */
  onCommitted(listener: CommittedAuditListener): void {
    this.committedListeners.push(listener);
  }

  private tellCommitted(events: CommittedAuditEvent[]): void {
    for (const listener of this.committedListeners) listener(events);
  }

  /** The stored row of an event, with its details already redacted. */
  private toRow(event: AuditEventInput, occurredAt: Date, details: Record<string, unknown>): NewAuditEventRow {
    return {
      occurredAt,
      actorType: event.actor.type,
      actorId: event.actor.id == null ? null : String(event.actor.id),
      actorLabel: event.actor.label?.slice(0, 320) ?? null,
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id == null ? null : String(event.target.id),
      ticketId: event.ticketId ?? null,
      accountId: event.accountId ?? null,
      ip: event.context?.ip?.slice(0, 45) ?? null,
      userAgent: event.context?.userAgent?.slice(0, 512) ?? null,
      details: JSON.stringify(details),
    };
  }
}
