import { Injectable } from '@nestjs/common';
import { Clock } from '@resetdesk/core';
import { EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventInput } from './audit.types';
import { redactDetails } from './redact-details';

/**
 * Writes audit events with the caller's EntityManager, so an event commits
 * or rolls back with the change it records. Sealing into the hash chain
 * happens later, in the worker.
 */
@Injectable()
export class AuditRecorder {
  constructor(private readonly clock: Clock) {}

  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(AuditEventEntity)
      .values({
        occurredAt: this.clock.now(),
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
        // TypeORM serialises JSON columns itself; its partial-entity typing does not model them.
        details: redactDetails(event.details ?? {}) as never,
      })
      .updateEntity(false)
      .execute();
  }
}
