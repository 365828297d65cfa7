import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditAction, AuditRecorder, CommittedAuditEvent } from '@resetdesk/audit';
import { LiveBus, LiveSignal } from '@resetdesk/core';
import { StaffRepository } from '@resetdesk/staff';
import { Observable } from 'rxjs';
import { announceTicketChange } from './ticket-change-wording';
import type { TicketChange } from '../ticket-change.types';

const TOPIC = 'tickets';

/**
 * Every committed change to a ticket, told to every API instance (LiveBus) so that the ticket's open pages
 * update by themselves. The audit trail is the source: whatever changes a ticket records an event with its
 * ticket id in the same transaction, so no path that changes a ticket can forget to tell its pages — the
 * holder's reset in the portal, a colleague's approval, the worker.
 */
@Injectable()
export class TicketFeed implements OnModuleInit {
  constructor(
    private readonly audit: AuditRecorder,
    private readonly bus: LiveBus,
    private readonly staff: StaffRepository,
  ) {}

  onModuleInit(): void {
    // Fire and forget: told after the commit, and a lost hint only means a page catches up at its next reload.
    this.audit.onCommitted((events) => void this.tell(events));
  }

  /**
   * The changes of one ticket, from any instance, until unsubscribed: `ready` once Redis confirmed the
   * subscription, then each change; it completes when the subscriber connection drops (changes would be missed).
   */
  follow(ticketId: number): Observable<LiveSignal<TicketChange>> {
    return new Observable<LiveSignal<TicketChange>>((subscriber) =>
      this.bus.subscribe<TicketChange>(
        TOPIC,
        (change) => {
          if (change.ticketId === ticketId) subscriber.next({ change });
        },
        { onReady: () => subscriber.next({ ready: true }), onLost: () => subscriber.complete() },
      ),
    );
  }

  private async tell(events: CommittedAuditEvent[]): Promise<void> {
    const byTicket = new Map<number, CommittedAuditEvent[]>();
    for (const event of events) if (event.ticketId !== null) byTicket.set(event.ticketId, [...(byTicket.get(event.ticketId) ?? []), event]);
    for (const [ticketId, ticketEvents] of byTicket) await this.bus.publish(TOPIC, await this.describe(ticketId, ticketEvents));
  }

  private async describe(ticketId: number, events: CommittedAuditEvent[]): Promise<TicketChange> {
    // The person behind the change: the first staff member among its events, else the first actor.
    const by = events.find((event) => event.actor.type === 'staff')?.actor ?? events[0]!.actor;
    const staffId = by.type === 'staff' && by.id != null ? Number(by.id) : null;
    const member = staffId !== null ? await this.staff.findById(staffId).catch(() => null) : null;
    const moved = events.find((event) => event.action === AuditAction.TicketStatusChanged)?.details.to;
    const change = {
      ticketId,
      actions: events.map((event) => event.action),
      status: typeof moved === 'string' ? moved : null,
      actor: { type: by.type, id: staffId, name: member?.name ?? null },
      occurredAt: events[0]!.occurredAt.toISOString(),
    };
    return { ...change, announcement: announceTicketChange(change) };
  }
}
