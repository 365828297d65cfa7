import type { AccountEntity, ExpiredAccount, ExpiringAccount, ExpiryCursor } from '@resetdesk/accounts';
import type { ReminderCounts, ReminderRunEntity } from '@resetdesk/reminders';
import type { MfaChallengeEntity, RecoveryCodeEntity, StaffEntity, StaffSessionEntity } from '@resetdesk/staff';
import type { NewResetLink, ResetTokenEntity } from '@resetdesk/resets';
import type { ResetClaim, TicketEntity, TicketNoteEntity } from '@resetdesk/tickets';
import type { NewChallenge, VerificationChallengeEntity } from '@resetdesk/verification';
import { In, IsNull, MoreThan, MoreThanOrEqual } from 'typeorm';
import { copyRow, InMemoryDb, Table } from './in-memory-db';
import { FakeEntityRepository } from './typeorm.fake';

/*
 * In-memory versions of the repositories, method for method with the real
 * ones (the `manager` argument is accepted and ignored: every fake writes
 * the same tables, which FakeDataSource.transaction restores on a throw).
 * A method the real repository answers with SQL is written here for what it
 * means, e.g. `claimTotpStep` accepts a step only if it is newer. Tables
 * are named, not imported, so loading a fake loads no domain lib.
 */

abstract class Fake<T extends object> {
  protected readonly table: FakeEntityRepository<T>;

  constructor(
    protected readonly db: InMemoryDb,
    target: Table<T>,
  ) {
    this.table = new FakeEntityRepository(db, target);
  }
}

export class FakeAccountsRepository extends Fake<AccountEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'AccountEntity');
  }

  findById(id: number): Promise<AccountEntity | null> {
    return this.table.findOneBy({ id });
  }

  findForUpdate(_manager: unknown, id: number): Promise<AccountEntity | null> {
    return this.table.findOneBy({ id });
  }

  findByUsername(username: string): Promise<AccountEntity | null> {
    return this.table.findOneBy({ username });
  }

  findByEmail(email: string): Promise<AccountEntity | null> {
    return this.table.findOneBy({ email });
  }

  findByIds(ids: number[]): Promise<AccountEntity[]> {
    return this.table.findBy({ id: In(ids) });
  }

  async update(_manager: unknown, id: number, changes: Partial<AccountEntity>, now: Date): Promise<void> {
    await this.table.update({ id }, { ...changes, updatedAt: now });
  }

  /** Accounts whose password expires in [from, to), who get reminders, in (expiry, id) order after the cursor. */
  async findExpiringPage(from: Date, to: Date, after: ExpiryCursor | null, limit: number): Promise<ExpiringAccount[]> {
    return this.db
      .rows<AccountEntity>('AccountEntity')
      .filter((a) => a.passwordExpiresAt && a.passwordExpiresAt >= from && a.passwordExpiresAt < to)
      .filter((a) => !a.mustChangePassword && a.status !== 'disabled')
      .sort(byExpiryThenId)
      .filter((a) => !after || a.passwordExpiresAt! > after.expiresAt || (+a.passwordExpiresAt! === +after.expiresAt && a.id > after.id))
      .slice(0, limit)
      .map((a) => ({
        id: a.id,
        username: a.username,
        email: a.email,
        displayName: a.displayName,
        policyId: a.policyId,
        passwordChangedAt: a.passwordChangedAt,
        passwordExpiresAt: a.passwordExpiresAt!,
        passwordVersion: a.passwordVersion,
      }));
  }

  /** Active accounts (not on a temporary password) whose password expires before `before` become expired. */
  async expireDue(_manager: unknown, before: Date, limit: number, now: Date): Promise<ExpiredAccount[]> {
    const due = this.db
      .rows<AccountEntity>('AccountEntity')
      .filter((a) => a.status === 'active' && a.passwordExpiresAt && a.passwordExpiresAt < before && !a.mustChangePassword)
      .sort(byExpiryThenId)
      .slice(0, limit);
    for (const account of due) Object.assign(account, { status: 'expired', updatedAt: now });
    return due.map((a) => ({
      id: a.id,
      username: a.username,
      passwordVersion: a.passwordVersion,
      passwordExpiresAt: a.passwordExpiresAt!,
    }));
  }
}

function byExpiryThenId(a: AccountEntity, b: AccountEntity): number {
  return +a.passwordExpiresAt! - +b.passwordExpiresAt! || a.id - b.id;
}

export class FakeStaffRepository extends Fake<StaffEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'StaffEntity');
  }

  findById(id: number): Promise<StaffEntity | null> {
    return this.table.findOneBy({ id });
  }

  findByEmail(email: string): Promise<StaffEntity | null> {
    return this.table.findOneBy({ email: email.toLowerCase() });
  }

  findByIds(ids: number[]): Promise<StaffEntity[]> {
    return this.table.findBy({ id: In(ids) });
  }

  findActiveSupervisors(): Promise<StaffEntity[]> {
    return this.table.find({ where: { role: In(['supervisor', 'admin']), disabled: false }, order: { id: 'ASC' } });
  }

  async update(_manager: unknown, id: number, changes: Partial<StaffEntity>, now: Date): Promise<void> {
    await this.table.update({ id }, { ...changes, updatedAt: now });
  }

  async mirrorSignInFailures(_manager: unknown, id: number, failures: number, lockedUntil: Date | null, now: Date): Promise<void> {
    const member = this.db.rows<StaffEntity>('StaffEntity').find((row) => row.id === id);
    if (member) Object.assign(member, { failedLogins: failures, lockedUntil: lockedUntil ?? member.lockedUntil, updatedAt: now });
  }

  /** A TOTP time step is accepted once, and only if newer than the last one used. */
  async claimTotpStep(_manager: unknown, id: number, step: number): Promise<boolean> {
    const member = this.db.rows<StaffEntity>('StaffEntity').find((row) => row.id === id);
    if (!member || (member.totpLastStep !== null && member.totpLastStep >= step)) return false;
    member.totpLastStep = step;
    return true;
  }
}

export class FakeStaffSessionRepository extends Fake<StaffSessionEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'StaffSessionEntity');
  }

  async insert(_manager: unknown, session: StaffSessionEntity): Promise<void> {
    await this.table.insert(session);
  }

  findById(id: string): Promise<StaffSessionEntity | null> {
    return this.table.findOneBy({ id });
  }

  async findActive(id: string, now: Date): Promise<{ session: StaffSessionEntity; staff: StaffEntity } | null> {
    const session = await this.table.findOneBy({ id, revokedAt: IsNull(), expiresAt: MoreThan(now) });
    const staff = session && this.db.rows<StaffEntity>('StaffEntity').find((row) => row.id === session.staffId);
    return session && staff ? { session, staff: copyRow(staff) } : null;
  }

  async findActiveStaff(sessionId: string, now: Date): Promise<StaffEntity | null> {
    return (await this.findActive(sessionId, now))?.staff ?? null;
  }

  /** Replaces the refresh secret only while the presented one is current. */
  async rotate(id: string, presentedHash: string, nextHash: string, now: Date): Promise<boolean> {
    const result = await this.table.update(
      { id, refreshHash: presentedHash, revokedAt: IsNull() },
      { refreshHash: nextHash, lastUsedAt: now },
    );
    return result.affected > 0;
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.table.update({ id, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeOldest(_manager: unknown, staffId: number, keep: number, now: Date): Promise<number> {
    const live = await this.table.find({
      where: { staffId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const older = live.slice(keep).map((row) => row.id);
    if (older.length > 0) await this.table.update({ id: In(older) }, { revokedAt: now });
    return older.length;
  }

  async revokeAll(staffId: number, now: Date): Promise<number> {
    return (await this.table.update({ staffId, revokedAt: IsNull() }, { revokedAt: now })).affected;
  }
}

export class FakeMfaChallengeRepository extends Fake<MfaChallengeEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'MfaChallengeEntity');
  }

  async insert(_manager: unknown, challenge: MfaChallengeEntity): Promise<void> {
    await this.table.insert(challenge);
  }

  findOpen(id: string, staffId: number, now: Date): Promise<MfaChallengeEntity | null> {
    return this.table.findOneBy({ id, staffId, usedAt: IsNull(), expiresAt: MoreThan(now) });
  }

  async claim(_manager: unknown, id: string, staffId: number, now: Date): Promise<boolean> {
    return (await this.table.update({ id, staffId, usedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now })).affected > 0;
  }

  async endAll(_manager: unknown, staffId: number, now: Date): Promise<void> {
    await this.table.update({ staffId, usedAt: IsNull() }, { usedAt: now });
  }
}

export class FakeRecoveryCodeRepository extends Fake<RecoveryCodeEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'RecoveryCodeEntity');
  }

  async replace(_manager: unknown, staffId: number, hashes: string[], now: Date): Promise<void> {
    await this.table.delete({ staffId });
    await this.table.insert(hashes.map((codeHash) => ({ staffId, codeHash, createdAt: now, usedAt: null })));
  }

  async isUnused(staffId: number, codeHash: string): Promise<boolean> {
    return (await this.table.countBy({ staffId, codeHash, usedAt: IsNull() })) > 0;
  }

  async consume(_manager: unknown, staffId: number, codeHash: string, now: Date): Promise<boolean> {
    return (await this.table.update({ staffId, codeHash, usedAt: IsNull() }, { usedAt: now })).affected > 0;
  }

  countUnused(staffId: number): Promise<number> {
    return this.table.countBy({ staffId, usedAt: IsNull() });
  }

  async deleteAll(_manager: unknown, staffId: number): Promise<void> {
    await this.table.delete({ staffId });
  }
}

export class FakeTicketsRepository extends Fake<TicketEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'TicketEntity');
  }

  findById(id: number): Promise<TicketEntity | null> {
    return this.table.findOneBy({ id });
  }

  findForUpdate(_manager: unknown, id: number): Promise<TicketEntity | null> {
    return this.table.findOneBy({ id });
  }

  async insert(_manager: unknown, ticket: Partial<TicketEntity>, now: Date): Promise<TicketEntity> {
    return this.table.save(this.table.create({ ...ticket, status: 'open', createdAt: now, updatedAt: now, resolvedAt: null }));
  }

  async update(_manager: unknown, id: number, changes: Partial<TicketEntity>, now: Date): Promise<void> {
    await this.table.update({ id }, { ...changes, updatedAt: now });
  }

  notesOf(ticketId: number): Promise<TicketNoteEntity[]> {
    return new FakeEntityRepository<TicketNoteEntity>(this.db, 'TicketNoteEntity').find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  async addNote(
    _manager: unknown,
    note: Pick<TicketNoteEntity, 'ticketId' | 'authorStaffId' | 'body'>,
    now: Date,
  ): Promise<TicketNoteEntity> {
    const notes = new FakeEntityRepository<TicketNoteEntity>(this.db, 'TicketNoteEntity');
    return notes.save(notes.create({ ...note, createdAt: now }));
  }

  async markVerifying(_manager: unknown, id: number, now: Date): Promise<void> {
    await this.table.update(
      { id },
      { status: 'verifying', verifiedUntil: null, approvalRequestedAt: null, approvalRequestedByStaffId: null, updatedAt: now },
    );
  }

  async markCallerVerified(_manager: unknown, id: number, verifiedUntil: Date, now: Date): Promise<void> {
    await this.table.update({ id }, { status: 'verified', verifiedUntil, updatedAt: now });
  }

  async recordResetApproval(_manager: unknown, id: number, approverId: number, now: Date): Promise<void> {
    await this.table.update(
      { id },
      {
        resetApprovedByStaffId: approverId,
        resetApprovedAt: now,
        approvalRequestedAt: null,
        approvalRequestedByStaffId: null,
        updatedAt: now,
      },
    );
  }

  /** The first request in the live verification wins; later ones (or one after the verification changed) change nothing. */
  async recordApprovalRequest(
    _manager: unknown,
    claim: { id: number; verifiedUntil: Date | null; verifiedAt: Date },
    staffId: number,
    now: Date,
  ): Promise<boolean> {
    const ticket = this.db.rows<TicketEntity>('TicketEntity').find((row) => row.id === claim.id);
    const live = ticket?.status === 'verified' && ticket.verifiedUntil !== null && ticket.verifiedUntil > now;
    if (!ticket || !live || +ticket.verifiedUntil! !== +(claim.verifiedUntil ?? NaN)) return false;
    if (ticket.approvalRequestedAt !== null || (ticket.resetApprovedAt !== null && ticket.resetApprovedAt >= claim.verifiedAt))
      return false;
    Object.assign(ticket, { approvalRequestedAt: now, approvalRequestedByStaffId: staffId, updatedAt: now });
    return true;
  }

  /** verified → reset_sent only while the checked verification is the live one and, for a privileged account, the approval still holds. */
  async claimForReset(_manager: unknown, claim: ResetClaim, now: Date): Promise<boolean> {
    const ticket = this.db.rows<TicketEntity>('TicketEntity').find((row) => row.id === claim.id);
    const verified = ticket?.status === 'verified' && ticket.verifiedUntil !== null && ticket.verifiedUntil > now;
    const sameVerification = verified && +ticket.verifiedUntil! === +(claim.verifiedUntil ?? NaN);
    const approved =
      !claim.approval ||
      (ticket?.resetApprovedByStaffId === claim.approval.approverId &&
        ticket.resetApprovedAt !== null &&
        ticket.resetApprovedAt > claim.approval.approvedAfter);
    if (!ticket || !sameVerification || !approved) return false;
    Object.assign(ticket, {
      status: 'reset_sent',
      verifiedUntil: null,
      resetApprovedByStaffId: null,
      resetApprovedAt: null,
      approvalRequestedAt: null,
      approvalRequestedByStaffId: null,
      updatedAt: now,
    });
    return true;
  }

  /** Puts the ticket back as it was before `claimForReset` at `now`, unless something moved it since. */
  async releaseReset(_manager: unknown, before: TicketEntity, now: Date): Promise<void> {
    await this.table.update(
      { id: before.id, status: 'reset_sent', updatedAt: now },
      {
        status: 'verified',
        verifiedUntil: before.verifiedUntil,
        resetApprovedByStaffId: before.resetApprovedByStaffId,
        resetApprovedAt: before.resetApprovedAt,
        updatedAt: now,
      },
    );
  }

  async resolveWaitingForReset(_manager: unknown, accountId: number, now: Date, onlyTicketId?: number | null): Promise<number[]> {
    const waiting = await this.table.findBy({ accountId, status: 'reset_sent', ...(onlyTicketId ? { id: onlyTicketId } : {}) });
    const ids = waiting.map((ticket) => ticket.id);
    if (ids.length > 0)
      await this.table.update({ id: In(ids), status: 'reset_sent' }, { status: 'resolved', resolvedAt: now, updatedAt: now });
    return ids;
  }
}

export class FakeReminderRunsRepository extends Fake<ReminderRunEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'ReminderRunEntity');
  }

  async start(run: Partial<ReminderRunEntity>, now: Date): Promise<number> {
    const { identifiers } = await this.table.insert({ ...run, status: 'running', startedAt: now });
    return Number(identifiers[0]!.id);
  }

  async complete(_manager: unknown, id: number, counts: ReminderCounts, now: Date): Promise<void> {
    await this.table.update({ id }, { ...counts, status: 'completed', finishedAt: now });
  }

  async fail(id: number, counts: ReminderCounts, error: string, now: Date): Promise<void> {
    await this.table.update({ id }, { ...counts, status: 'failed', error: error.slice(0, 1000), finishedAt: now });
  }

  async lastCompletedDateBefore(date: string): Promise<string | null> {
    const days = this.db
      .rows<ReminderRunEntity>('ReminderRunEntity')
      .filter((run) => run.status === 'completed' && run.runDate < date)
      .map((run) => run.runDate)
      .sort();
    return days[days.length - 1] ?? null;
  }
}

export class FakeVerificationRepository extends Fake<VerificationChallengeEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'VerificationChallengeEntity');
  }

  findById(id: number): Promise<VerificationChallengeEntity | null> {
    return this.table.findOneBy({ id });
  }

  listForTicket(ticketId: number): Promise<VerificationChallengeEntity[]> {
    return this.table.find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  async wrongTriesSince(accountId: number, since: Date): Promise<number> {
    const codes = await this.table.findBy({ accountId, createdAt: MoreThanOrEqual(since) });
    return codes.filter((code) => code.status !== 'verified').reduce((tries, code) => tries + code.attempts, 0);
  }

  async anySentForTicket(_manager: unknown, ticketId: number): Promise<boolean> {
    return (await this.table.countBy({ ticketId })) > 0;
  }

  issuedForTicket(ticketId: number): Promise<VerificationChallengeEntity[]> {
    return this.table.find({ where: { ticketId }, order: { id: 'DESC' } });
  }

  latestForTicket(ticketId: number): Promise<VerificationChallengeEntity | null> {
    return this.table.findOne({ where: { ticketId }, order: { id: 'DESC' } });
  }

  latestVerified(ticketId: number): Promise<VerificationChallengeEntity | null> {
    return this.table.findOne({ where: { ticketId, status: 'verified' }, order: { id: 'DESC' } });
  }

  countSentSince(accountId: number, since: Date): Promise<number> {
    return this.table.countBy({ accountId, createdAt: MoreThanOrEqual(since) });
  }

  /** A new pending code; the ticket's other pending codes are superseded. */
  async issue(_manager: unknown, challenge: NewChallenge, now: Date): Promise<VerificationChallengeEntity> {
    await this.table.update({ ticketId: challenge.ticketId, status: 'pending' }, { status: 'superseded' });
    return this.table.save(
      this.table.create({ ...challenge, status: 'pending', attempts: 0, verifiedByStaffId: null, createdAt: now, verifiedAt: null }),
    );
  }

  async markExpired(id: number): Promise<void> {
    await this.table.update({ id, status: 'pending' }, { status: 'expired' });
  }

  /** The right code counts only while the code is pending, under the limit and not expired. */
  async markVerified(_manager: unknown, id: number, staffId: number, maxAttempts: number, now: Date): Promise<boolean> {
    const code = this.open(id, maxAttempts);
    if (!code || code.expiresAt <= now) return false;
    Object.assign(code, { status: 'verified', verifiedAt: now, verifiedByStaffId: staffId });
    return true;
  }

  /** One wrong try: the new count, the code locked when it reaches the limit; null when the code was no longer countable. */
  async countFailedAttempt(_manager: unknown, id: number, maxAttempts: number): Promise<number | null> {
    const code = this.open(id, maxAttempts);
    if (!code) return null;
    code.attempts += 1;
    if (code.attempts >= maxAttempts) code.status = 'locked';
    return code.attempts;
  }

  async supersedePending(_manager: unknown, owner: { accountId: number } | { ticketId: number }): Promise<number> {
    return (await this.table.update({ ...owner, status: 'pending' }, { status: 'superseded' })).affected;
  }

  private open(id: number, maxAttempts: number): VerificationChallengeEntity | undefined {
    return this.db
      .rows<VerificationChallengeEntity>('VerificationChallengeEntity')
      .find((row) => row.id === id && row.status === 'pending' && row.attempts < maxAttempts);
  }
}

/** The self-service table ResetsRepository writes by name (self-service depends on resets, not the other way round). */
export const SELF_SERVICE_CODES = 'SelfServiceCodeEntity';

export class FakeResetsRepository extends Fake<ResetTokenEntity> {
  constructor(db: InMemoryDb) {
    super(db, 'ResetTokenEntity');
  }

  findByTokenHash(tokenHash: string): Promise<ResetTokenEntity | null> {
    return this.table.findOneBy({ tokenHash });
  }

  listForTicket(ticketId: number): Promise<ResetTokenEntity[]> {
    return this.table.find({ where: { ticketId }, order: { id: 'ASC' } });
  }

  async issue(_manager: unknown, link: NewResetLink, now: Date): Promise<ResetTokenEntity> {
    return this.table.save(this.table.create({ ...link, createdAt: now, usedAt: null, revokedAt: null }));
  }

  /** A link is used once, and only while neither revoked nor expired. */
  async claim(_manager: unknown, id: number, now: Date): Promise<boolean> {
    return (await this.table.update({ id, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(now) }, { usedAt: now })).affected > 0;
  }

  hasNewerLink(_manager: unknown, link: Pick<ResetTokenEntity, 'id' | 'accountId'>): Promise<boolean> {
    return this.table.existsBy({ accountId: link.accountId, id: MoreThan(link.id) });
  }

  async release(_manager: unknown, id: number, claimedAt: Date, revoke: boolean): Promise<void> {
    await this.table.update({ id, usedAt: claimedAt }, revoke ? { revokedAt: claimedAt } : { usedAt: null });
  }

  async revokeUnused(_manager: unknown, owner: { accountId: number } | { ticketId: number }, now: Date): Promise<number> {
    return (await this.table.update({ ...owner, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: now })).affected;
  }

  async supersedeSelfServiceCodes(_manager: unknown, accountId: number): Promise<number> {
    const codes = new FakeEntityRepository<{ accountId: number; status: string }>(this.db, SELF_SERVICE_CODES);
    return (await codes.update({ accountId, status: 'pending' }, { status: 'superseded' })).affected;
  }
}
