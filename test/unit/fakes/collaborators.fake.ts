import type { AuditAction, AuditEventInput } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import type { OutgoingMail } from '@resetdesk/mail';
import type { ResetTokenEntity, TicketEntity, VerificationChallengeEntity } from '@resetdesk/tickets';
import { In, IsNull } from 'typeorm';
import { InMemoryDb } from './in-memory-db';
import { FakeEntityRepository } from './typeorm.fake';

/** Table names of what the fakes below keep; rolled back with the transaction that wrote them, like the real rows. */
export const AUDIT_EVENTS = 'audit_events';
export const NOTIFICATIONS = 'notifications';

export interface RecordedMail extends OutgoingMail<never> {
  id: number;
}

/** A clock that stands still until the spec moves it. */
export class FakeClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }

  advance({ seconds = 0, minutes = 0, hours = 0 }: { seconds?: number; minutes?: number; hours?: number }): void {
    this.current = new Date(this.current.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000);
  }
}

/** The audit trail, in memory: each event as the service gave it. */
export class FakeAuditRecorder {
  constructor(private readonly db: InMemoryDb) {}

  async record(_manager: unknown, event: AuditEventInput): Promise<void> {
    this.db.rows<AuditEventInput>(AUDIT_EVENTS).push(event);
  }

  async recordMany(_manager: unknown, events: AuditEventInput[]): Promise<void> {
    this.db.rows<AuditEventInput>(AUDIT_EVENTS).push(...events);
  }

  get events(): AuditEventInput[] {
    return this.db.rows<AuditEventInput>(AUDIT_EVENTS);
  }

  actions(): AuditAction[] {
    return this.events.map((event) => event.action);
  }
}

/** The transactional outbox, in memory: a dedupe key is used once, as the unique key makes it in the database. */
export class FakeOutboxService {
  readonly dispatched: number[] = [];

  constructor(private readonly db: InMemoryDb) {}

  async enqueue(_manager: unknown, mail: OutgoingMail<never>): Promise<number | null> {
    const mails = this.db.rows<RecordedMail>(NOTIFICATIONS);
    if (mail.dedupeKey && mails.some((sent) => sent.dedupeKey === mail.dedupeKey)) return null;
    const id = this.db.nextId(NOTIFICATIONS);
    mails.push({ ...mail, id });
    return id;
  }

  async enqueueMany(manager: unknown, mails: Array<OutgoingMail<never> & { dedupeKey: string }>): Promise<number[]> {
    const ids: number[] = [];
    for (const mail of mails) {
      const id = await this.enqueue(manager, mail);
      if (id !== null) ids.push(id);
    }
    return ids;
  }

  async dispatch(ids: number[]): Promise<void> {
    this.dispatched.push(...ids);
  }

  get mails(): RecordedMail[] {
    return this.db.rows<RecordedMail>(NOTIFICATIONS);
  }
}

/** What CredentialRevoker does, on the in-memory tables (its SQL is covered by the e2e specs). */
export class FakeCredentialRevoker {
  constructor(private readonly db: InMemoryDb) {}

  async revokeAll(_manager: unknown, accountId: number, now: Date) {
    return { links: await this.revokeLinks({ accountId }, now), codes: await this.supersedeCodes({ accountId }) };
  }

  async revokeForTicket(_manager: unknown, ticketId: number, now: Date) {
    return { links: await this.revokeLinks({ ticketId }, now), codes: await this.supersedeCodes({ ticketId }) };
  }

  async resolveWaitingTickets(_manager: unknown, accountId: number, now: Date, onlyTicketId?: number | null): Promise<number[]> {
    const tickets = new FakeEntityRepository<TicketEntity>(this.db, 'TicketEntity');
    const waiting = await tickets.findBy({ accountId, status: 'reset_sent', ...(onlyTicketId ? { id: onlyTicketId } : {}) });
    const ids = waiting.map((ticket) => ticket.id);
    if (ids.length > 0) await tickets.update({ id: In(ids) }, { status: 'resolved', resolvedAt: now, updatedAt: now });
    return ids;
  }

  private async revokeLinks(owner: { accountId: number } | { ticketId: number }, now: Date): Promise<number> {
    const links = new FakeEntityRepository<ResetTokenEntity>(this.db, 'ResetTokenEntity');
    return (await links.update({ ...owner, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now })).affected;
  }

  private async supersedeCodes(owner: { accountId: number } | { ticketId: number }): Promise<number> {
    const codes = new FakeEntityRepository<VerificationChallengeEntity>(this.db, 'VerificationChallengeEntity');
    return (await codes.update({ ...owner, status: 'pending' }, { status: 'superseded' })).affected;
  }
}

/** The reminder days of each password policy, as PoliciesService answers them. */
export class FakePoliciesService {
  schedules = { byPolicyId: new Map<number, number[]>([[1, [14, 7, 3, 1, 0]]]), defaultPolicyId: 1 as number | null };

  async reminderSchedules() {
    return this.schedules;
  }
}
