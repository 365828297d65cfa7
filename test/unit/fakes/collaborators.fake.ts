import type { AuditAction, AuditEventInput } from '@resetdesk/audit';
import { TEMPORARY_PASSWORD_HOURS, type AccountEntity, type PasswordSetResult, type SetPasswordOptions } from '@resetdesk/accounts';
import { Clock } from '@resetdesk/core';
import type { OutgoingMail } from '@resetdesk/mail';
import { DEFAULT_PRESET, POLICY_PRESETS, type PolicySettings } from '@resetdesk/policies';
import { copyRow, InMemoryDb } from './in-memory-db';
import { FakeDataSource } from './typeorm.fake';

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

/**
 * How PasswordSetter takes a new password, without a directory or hashing:
 * `claim` and `alsoInTransaction` run in the transaction that records the
 * password, as with the local store. `refuse` stands for a directory that
 * refuses the password after the claim committed: `release` runs, then the
 * refusal is thrown. (The real setter's policy, history and directory rules
 * have their own e2e specs.)
 */
export class FakePasswordSetter {
  refuse: Error | null = null;
  readonly set: Array<{ accountId: number; password: string; reason: string; temporary: boolean }> = [];

  constructor(
    private readonly db: InMemoryDb,
    private readonly clock: Clock,
  ) {}

  async setPassword(account: AccountEntity, password: string, options: SetPasswordOptions): Promise<PasswordSetResult> {
    const dataSource = new FakeDataSource(this.db);
    const now = this.clock.now();
    if (this.refuse) {
      if (options.claim) await dataSource.transaction((manager) => options.claim!(manager as never));
      if (options.release) await dataSource.transaction((manager) => options.release!(manager as never));
      throw this.refuse;
    }
    return dataSource.transaction(async (manager) => {
      await options.claim?.(manager as never);
      const stored = this.db.rows<AccountEntity>('AccountEntity').find((row) => row.id === account.id)!;
      const temporary = options.temporary ?? false;
      Object.assign(stored, {
        mustChangePassword: temporary,
        passwordChangedAt: now,
        passwordExpiresAt: temporary ? new Date(now.getTime() + TEMPORARY_PASSWORD_HOURS * 3600_000) : stored.passwordExpiresAt,
        updatedAt: now,
      });
      this.set.push({ accountId: account.id, password, reason: options.reason, temporary });
      const changed = copyRow(stored);
      await options.alsoInTransaction?.(manager as never, changed);
      return changed;
    });
  }
}

/** The reminder days of each password policy, as PoliciesService answers them. */
export class FakePoliciesService {
  schedules = { byPolicyId: new Map<number, number[]>([[1, [14, 7, 3, 1, 0]]]), defaultPolicyId: 1 as number | null };

  /** Every account is on one policy, the shipped default preset's rules. */
  policy: PolicySettings & { id: number } = { id: 1, ...POLICY_PRESETS.find((preset) => preset.name === DEFAULT_PRESET)! };

  async reminderSchedules() {
    return this.schedules;
  }

  async resolve() {
    return this.policy;
  }
}
