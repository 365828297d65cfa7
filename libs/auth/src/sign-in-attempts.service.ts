import { Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RequestContext } from '@resetdesk/core';
import { OutboxService, StaffSignInLockedData } from '@resetdesk/mail';
import {
  AttemptKey,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  MAX_SECOND_FACTOR_TRIES,
  MEMBER_SIGN_IN_CEILING,
  SignInAttemptKind,
  SignInAttemptRepository,
  StaffEntity,
  StaffRepository,
  SuccessRule,
} from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';

/** Where a client address is unknown, its tries share one counter. */
const UNKNOWN_ADDRESS = 'unknown';
const MEMBER_WIDE = '*';
/** No staff row has id 0: statements on it cost the same round trips as real ones and change nothing. */
const NOBODY = 0;

interface Counter {
  key: AttemptKey;
  limit: number;
  rule: SuccessRule;
}

/** Thrown inside a transaction to roll it back when the counters or a claim refuse a correct secret. */
export class RefusedTry extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** A try reserved on every counter that applies to it; evaluate the secret only while holding one. */
export interface ReservedTry {
  readonly member: StaffEntity;
  readonly kind: SignInAttemptKind;
  readonly address: string;
  readonly counters: readonly Counter[];
}

/**
 * Throttling of staff password and second-factor tries.
 *
 * Password tries count per (member, client address): the fifth failure from
 * an address pauses that address for 15 minutes, so someone far away cannot
 * lock the member out of their own desk. All addresses together are capped
 * by a member-wide ceiling (20 per window, then every address is locked) so a
 * distributed guesser stays bounded. Second-factor tries count per member (5):
 * only someone who passed the password step gets there.
 *
 * A try is reserved atomically before any hash is computed, and a success is
 * accepted in the transaction that opens the session, so concurrency can
 * never buy extra evaluations or let a correct guess through a filled window.
 */
@Injectable()
export class SignInAttemptsService {
  constructor(
    private readonly attempts: SignInAttemptRepository,
    private readonly staff: StaffRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Reserves a password try; null when this address (or the member everywhere) has no tries left. */
  reservePassword(member: StaffEntity, context: RequestContext): Promise<ReservedTry | null> {
    const address = addressOf(context);
    return this.reserve(member, 'password', address, passwordCounters(member.id, address));
  }

  /** Reserves a TOTP or recovery-code try; null when the member has none left in this window. */
  reserveSecondFactor(member: StaffEntity, context: RequestContext): Promise<ReservedTry | null> {
    return this.reserve(member, 'second-factor', addressOf(context), secondFactorCounters(member.id));
  }

  /**
   * An email that is unknown (or a disabled member): the same statements as
   * a wrong password — reservations, the failure's transaction with its
   * audit event — run against nobody's counters, so the answer takes as long.
   */
  async rejectUnknown(email: string, member: StaffEntity | null, context: RequestContext): Promise<void> {
    const now = this.clock.now();
    const windowEndsAt = lockWindowEnd(now);
    for (const counter of passwordCounters(NOBODY, addressOf(context))) await this.reserveDecoy(counter, windowEndsAt, now);
    await this.settleWithoutCounting('password', member, context, AuditAction.SignInFailed, {
      email,
      reason: member ? 'disabled' : 'unknown email',
    });
  }

  /**
   * Accepts a try whose secret was right, inside the caller's transaction
   * (before anything else it changes, so every sign-in transaction of a
   * member locks the counter rows first and in the same order). False when
   * the counters refuse it: the caller rolls back and calls `fail`.
   */
  async accept(manager: EntityManager, attempt: ReservedTry): Promise<boolean> {
    for (const counter of attempt.counters) {
      if (!(await this.attempts.acceptSuccess(manager, counter.key, counter.limit, counter.rule))) return false;
    }
    return true;
  }

  /**
   * Counts a reserved try as failed, audits it and, when it reaches a limit,
   * records the lock and emails the member (outbox), all in one transaction.
   * True when this failure paused the address or locked the member.
   */
  async fail(attempt: ReservedTry, context: RequestContext, action: AuditAction, reason: string): Promise<boolean> {
    const now = this.clock.now();
    const blockedUntil = lockWindowEnd(now);
    const { member } = attempt;
    return this.dataSource.transaction(async (manager) => {
      const counts: Array<number | null> = [];
      for (const counter of attempt.counters)
        counts.push(await this.attempts.recordFailure(manager, counter.key, counter.limit, blockedUntil));
      const reached = attempt.counters.filter((counter, index) => counts[index] === counter.limit);
      const memberWide = attempt.counters.find((counter) => counter.key.address === MEMBER_WIDE)!;
      const memberFailures = counts[attempt.counters.indexOf(memberWide)];
      const memberLocked = reached.includes(memberWide);
      if (attempt.kind === 'password' && memberFailures !== null && memberFailures !== undefined) {
        // The staff row shows admins the latest pause, of one address or of all: either is what "Unlock" clears.
        await this.staff.mirrorSignInFailures(manager, member.id, memberFailures, reached.length > 0 ? blockedUntil : null, now);
      }

      const actor = { type: 'anonymous' as const, label: member.email };
      const target = { type: 'staff', id: member.id };
      await this.audit.record(manager, {
        actor,
        action,
        target,
        context,
        details: {
          reason,
          address: attempt.address,
          failures: Object.fromEntries(attempt.counters.map((c, i) => [c.key.address === MEMBER_WIDE ? 'member' : 'address', counts[i]])),
        },
      });
      if (reached.length === 0) return false;

      const scope: StaffSignInLockedData['scope'] =
        attempt.kind === 'second-factor' ? 'second-factor' : memberLocked ? 'member' : 'address';
      const failures = memberLocked || attempt.kind === 'second-factor' ? memberWide.limit : MAX_FAILED_SIGN_INS;
      await this.audit.record(manager, {
        actor,
        action: AuditAction.SignInLocked,
        target,
        context,
        details: {
          scope,
          kind: attempt.kind,
          address: attempt.address,
          failures,
          until: blockedUntil.toISOString(),
          minutes: LOCKOUT_MINUTES,
        },
      });
      await this.outbox.enqueue(manager, {
        kind: 'staff-sign-in-locked',
        to: member.email,
        data: { name: member.name, address: attempt.address, scope, failures, until: blockedUntil.toISOString() },
      });
      return true;
    });
  }

  /** Audits a try that was refused without being evaluated (no tries left), at the cost of a counted failure. */
  async recordThrottled(member: StaffEntity, kind: SignInAttemptKind, context: RequestContext): Promise<void> {
    await this.settleWithoutCounting(kind, member, context, AuditAction.SignInThrottled, { kind, address: addressOf(context) });
  }

  /** A reservation on nobody's member-wide row: the same write and commit as a real one, counting nothing that matters. */
  private async reserveDecoy(counter: Counter, windowEndsAt: Date, now: Date): Promise<void> {
    await this.attempts.reserve({ staffId: NOBODY, kind: counter.key.kind, address: MEMBER_WIDE }, counter.limit, windowEndsAt, now);
  }

  /** The failure's transaction, statement for statement, against nobody's counters: only the audit event is real. */
  private async settleWithoutCounting(
    kind: SignInAttemptKind,
    member: StaffEntity | null,
    context: RequestContext,
    action: AuditAction,
    details: Record<string, unknown>,
  ): Promise<void> {
    const now = this.clock.now();
    const blockedUntil = lockWindowEnd(now);
    const counters = kind === 'password' ? passwordCounters(NOBODY, addressOf(context)) : secondFactorCounters(NOBODY);
    await this.dataSource.transaction(async (manager) => {
      for (const counter of counters) await this.attempts.recordFailure(manager, counter.key, counter.limit, blockedUntil);
      if (kind === 'password') await this.staff.mirrorSignInFailures(manager, NOBODY, 0, null, now);
      await this.audit.record(manager, {
        actor: { type: 'anonymous', label: member?.email ?? String(details.email ?? '') },
        action,
        target: member ? { type: 'staff', id: member.id } : undefined,
        context,
        details,
      });
    });
  }

  private async reserve(member: StaffEntity, kind: SignInAttemptKind, address: string, counters: Counter[]): Promise<ReservedTry | null> {
    const now = this.clock.now();
    const windowEndsAt = lockWindowEnd(now);
    const held: Counter[] = [];
    let refused = false;
    for (const counter of counters) {
      if (refused) {
        // Keep the writes of a granted try, so a paused member answers as slowly as an active one.
        await this.reserveDecoy(counter, windowEndsAt, now);
      } else if ((await this.attempts.reserve(counter.key, counter.limit, windowEndsAt, now)) === null) {
        for (const reserved of held) await this.attempts.release(reserved.key);
        refused = true;
      } else {
        held.push(counter);
      }
    }
    return refused ? null : { member, kind, address, counters };
  }
}

function passwordCounters(staffId: number, address: string): Counter[] {
  return [
    { key: { staffId, kind: 'password', address }, limit: MAX_FAILED_SIGN_INS, rule: 'exclusive-when-full' },
    { key: { staffId, kind: 'password', address: MEMBER_WIDE }, limit: MEMBER_SIGN_IN_CEILING, rule: 'below-limit' },
  ];
}

function secondFactorCounters(staffId: number): Counter[] {
  // Not exclusive: concurrent uses of one recovery code must leave exactly one winner, not none.
  return [{ key: { staffId, kind: 'second-factor', address: MEMBER_WIDE }, limit: MAX_SECOND_FACTOR_TRIES, rule: 'below-limit' }];
}

/** When a window (or a pause) that starts now ends. */
function lockWindowEnd(now: Date): Date {
  return new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
}

function addressOf(context: RequestContext): string {
  return context.ip?.slice(0, 45) || UNKNOWN_ADDRESS;
}
