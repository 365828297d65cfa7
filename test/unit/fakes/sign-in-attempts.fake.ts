import type { AuditAction } from '@resetdesk/audit';
import type { RequestContext } from '@resetdesk/core';
import type { StaffEntity } from '@resetdesk/staff';
import { InMemoryDb } from './in-memory-db';
import { AUDIT_EVENTS } from './collaborators.fake';

interface FakeTry {
  member: StaffEntity;
  kind: 'password' | 'second-factor';
  address: string;
  counters: [];
}

/**
 * Sign-in throttling that never throttles unless told to (`throttled = true`);
 * a failed try is audited as the real service audits it. Throttling has its
 * own counters and SQL, covered by the sign-in e2e specs.
 */
export class FakeSignInAttempts {
  throttled = false;
  readonly failures: Array<{ kind: string; reason: string }> = [];

  constructor(private readonly db: InMemoryDb) {}

  async reservePassword(member: StaffEntity, context: RequestContext): Promise<FakeTry | null> {
    return this.throttled ? null : { member, kind: 'password', address: context.ip ?? 'unknown', counters: [] };
  }

  async reserveSecondFactor(member: StaffEntity, context: RequestContext): Promise<FakeTry | null> {
    return this.throttled ? null : { member, kind: 'second-factor', address: context.ip ?? 'unknown', counters: [] };
  }

  async accept(): Promise<boolean> {
    return !this.throttled;
  }

  async fail(attempt: FakeTry, context: RequestContext, action: AuditAction, reason: string): Promise<boolean> {
    this.failures.push({ kind: attempt.kind, reason });
    this.db.rows(AUDIT_EVENTS).push({ actor: { type: 'staff', id: attempt.member.id }, action, context, details: { reason } });
    return false;
  }

  async recordThrottled(): Promise<void> {}

  async rejectUnknown(): Promise<void> {}
}
