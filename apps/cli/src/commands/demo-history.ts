import { INestApplicationContext } from '@nestjs/common';
import { AccountEntity, accountActor, AccountsRepository, expiryOf } from '@resetdesk/accounts';
import { AuditAction, AuditActor, AuditEventInput, AuditRecorder } from '@resetdesk/audit';
import { Clock, seededRandom } from '@resetdesk/core';
import { NotificationRepository, OutboxService } from '@resetdesk/mail';
import { PoliciesService } from '@resetdesk/policies';
import { ResetTokenEntity, TicketChannel, TicketEntity, TicketStatus, VerificationChallengeEntity } from '@resetdesk/tickets';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
export const HISTORY_DAYS = 28;

/** A staff member working the history's tickets. */
export interface HistoryAgent {
  id: number;
  email: string;
}

export interface HistoryCounts {
  tickets: number;
  resets: number;
  reminders: number;
  events: number;
}

/** One thing that happened at one instant, written in its own transaction. */
interface Step {
  at: Date;
  write(manager: EntityManager): Promise<void>;
}

/** A hash column's value whose preimage nobody knows: history codes and links can never be used. */
const unusableHash = () => randomBytes(32).toString('hex');

/**
 * Four weeks of desk activity before today, so the supervisor dashboard and
 * the audit log have a past: agent-assisted resets (codes, wrong tries,
 * locks, links, temporary passwords), forgot-password and chat resets, and
 * expiry reminders. Written the way the services write them — ticket,
 * challenge, token and outbox rows through their repositories, audit events
 * through the recorder — one step at a time in time order, with the clock
 * set to each step's instant so the trail reads chronologically.
 * Passwords reset here move the account's last change to that day; accounts
 * whose password is due in the next days keep their reminder-demo ages.
 */
export async function seedDemoHistory(app: INestApplicationContext, agents: HistoryAgent[]): Promise<HistoryCounts> {
  const dataSource = app.get(DataSource);
  const clock = app.get(Clock);
  const audit = app.get(AuditRecorder);
  const outbox = app.get(OutboxService);
  const notifications = app.get(NotificationRepository);
  const accountsRepository = app.get(AccountsRepository);
  const policies = app.get(PoliciesService);

  const today = clock.now();
  const accounts: AccountEntity[] = await dataSource.getRepository(AccountEntity).find({ order: { id: 'ASC' } });
  // Only accounts far from expiry take part in resets: the others show the reminder states (7, 3, 0 days, expired).
  const resettable = accounts.filter(
    (account) => account.passwordExpiresAt === null || account.passwordExpiresAt.getTime() > today.getTime() + 14 * DAY_MS,
  );
  const rng = seededRandom(2026);
  const steps: Step[] = [];
  const lastReset = new Map<number, Date>();
  const counts: HistoryCounts = { tickets: 0, resets: 0, reminders: 0, events: 0 };

  const record = (manager: EntityManager, event: AuditEventInput) => {
    counts.events += 1;
    return audit.record(manager, event);
  };
  const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE_MS);
  const step = (when: Date, write: Step['write']) => {
    if (when.getTime() < today.getTime()) steps.push({ at: when, write });
  };
  const passwordSet = (
    manager: EntityManager,
    account: AccountEntity,
    actor: AuditActor,
    reason: string,
    ticketId: number | null,
    temporary = false,
  ) => {
    counts.resets += reason === 'change' ? 0 : 1;
    lastReset.set(account.id, clock.now());
    return record(manager, {
      actor,
      action: AuditAction.AccountPasswordSet,
      target: { type: 'account', id: account.id },
      accountId: account.id,
      ticketId,
      details: { reason, temporary, policy: 'demo history', passwordVersion: null },
    });
  };

  /** One ticket's life: opened, verified (maybe after wrong tries or a lock), reset, resolved — or left unfinished. */
  const ticketStory = (opened: Date, stillOpen: boolean) => {
    const agent = rng.pick(agents);
    const staff: AuditActor = { type: 'staff', id: agent.id, label: agent.email };
    const account = rng.pick(resettable);
    const channel = rng.pick<TicketChannel>(['phone', 'phone', 'phone', 'phone', 'portal', 'portal', 'email', 'chat']);
    const ticket = { id: 0 };
    const base = () => ({ actor: staff, target: { type: 'ticket', id: ticket.id }, ticketId: ticket.id, accountId: account.id });
    const setStatus = (when: Date, from: TicketStatus, to: TicketStatus) =>
      step(when, async (manager) => {
        await manager
          .getRepository(TicketEntity)
          .update({ id: ticket.id }, { status: to, updatedAt: when, resolvedAt: to === 'resolved' ? when : null });
        await record(manager, { ...base(), action: AuditAction.TicketStatusChanged, details: { from, to } });
      });
    step(opened, async (manager) => {
      counts.tickets += 1;
      const row = await manager.getRepository(TicketEntity).save(
        manager.getRepository(TicketEntity).create({
          accountId: account.id,
          subject: rng.pick([
            'Locked out after holiday',
            'Forgot password',
            'Password expired',
            'Cannot sign in to the portal',
            'Account locked',
          ]),
          description: 'Caller cannot sign in.',
          channel,
          priority: 'normal',
          status: 'open',
          assigneeId: agent.id,
          openedByStaffId: agent.id,
          createdAt: opened,
          updatedAt: opened,
          resolvedAt: null,
        }),
      );
      ticket.id = row.id;
      await record(manager, {
        ...base(),
        action: AuditAction.TicketOpened,
        details: { subject: row.subject, channel, priority: 'normal', assigneeId: agent.id },
      });
    });

    /** A code sent at `sent`, `wrong` wrong tries (5 lock it), then verified unless `answered` is false. Returns when it ended. */
    const codeRound = (sent: Date, wrong: number, from: TicketStatus, answered = true): Date => {
      const challenge = { id: 0 };
      const expires = at(sent, 10);
      step(sent, async (manager) => {
        const row = await manager.getRepository(VerificationChallengeEntity).save(
          manager.getRepository(VerificationChallengeEntity).create({
            ticketId: ticket.id,
            accountId: account.id,
            channel: 'email',
            codeHash: unusableHash(),
            status: 'pending',
            attempts: 0,
            issuedByStaffId: agent.id,
            createdAt: sent,
            expiresAt: expires,
            verifiedAt: null,
          }),
        );
        challenge.id = row.id;
        await manager.getRepository(TicketEntity).update({ id: ticket.id }, { status: 'verifying', updatedAt: sent });
        await record(manager, { ...base(), action: AuditAction.CodeSent, details: { channel: 'email', expiresAt: expires.toISOString() } });
        if (from !== 'verifying')
          await record(manager, { ...base(), action: AuditAction.TicketStatusChanged, details: { from, to: 'verifying' } });
      });
      let when = sent;
      for (let attempt = 1; attempt <= Math.min(wrong, 5); attempt++) {
        when = at(when, 1);
        const locks = attempt === 5;
        step(when, async (manager) => {
          await manager
            .getRepository(VerificationChallengeEntity)
            .update({ id: challenge.id }, { attempts: attempt, status: locks ? 'locked' : 'pending' });
          await record(manager, { ...base(), action: AuditAction.CodeFailed, details: { attemptsLeft: 5 - attempt } });
          if (locks) await record(manager, { ...base(), action: AuditAction.CodeLocked, details: { attempts: 5 } });
        });
      }
      if (wrong >= 5 || !answered) return when;
      when = at(when, 1);
      const verifiedAt = when;
      step(verifiedAt, async (manager) => {
        await manager
          .getRepository(VerificationChallengeEntity)
          .update({ id: challenge.id }, { attempts: wrong + 1, status: 'verified', verifiedAt });
        await manager
          .getRepository(TicketEntity)
          .update({ id: ticket.id }, { status: 'verified', verifiedUntil: at(verifiedAt, 15), updatedAt: verifiedAt });
        await record(manager, {
          ...base(),
          action: AuditAction.CodeVerified,
          details: { attempts: wrong + 1, verifiedUntil: at(verifiedAt, 15).toISOString() },
        });
        await record(manager, { ...base(), action: AuditAction.TicketStatusChanged, details: { from: 'verifying', to: 'verified' } });
      });
      return verifiedAt;
    };

    const roll = rng.next();
    const firstWrong = rng.next() < 0.2 ? 1 : 0;
    if (roll < 0.08) {
      // Opened twice by mistake: cancelled.
      setStatus(at(opened, rng.int(2, 30)), 'open', 'cancelled');
      return;
    }
    if (roll < 0.16) {
      // The caller never read the code back: closed the next day.
      codeRound(at(opened, 2), rng.int(0, 1), 'open', false);
      if (!stillOpen) setStatus(at(opened, 24 * 60), 'verifying', 'closed');
      return;
    }
    // One caller in sixteen guesses until the code locks; a fresh code then works.
    const locked = roll < 0.22;
    let verified = codeRound(at(opened, 2), locked ? 5 : firstWrong, 'open');
    if (locked) verified = codeRound(at(verified, rng.int(3, 15)), 0, 'verifying');
    if (stillOpen && rng.next() < 0.5) return;
    const issued = at(verified, rng.int(1, 4));
    const done = at(issued, rng.int(10, rng.next() < 0.8 ? 240 : 2880));
    if (rng.next() < 0.6) {
      const expires = at(issued, 30);
      step(issued, async (manager) => {
        await manager.getRepository(ResetTokenEntity).save(
          manager.getRepository(ResetTokenEntity).create({
            accountId: account.id,
            ticketId: ticket.id,
            tokenHash: unusableHash(),
            issuedByStaffId: agent.id,
            createdAt: issued,
            expiresAt: expires,
            usedAt: null,
            revokedAt: null,
          }),
        );
        await manager.getRepository(TicketEntity).update({ id: ticket.id }, { status: 'reset_sent', updatedAt: issued });
        await record(manager, {
          ...base(),
          action: AuditAction.ResetLinkIssued,
          details: { expiresAt: expires.toISOString(), approvedByStaffId: null, revokedLinks: 0, revokedCodes: 0 },
        });
        await record(manager, { ...base(), action: AuditAction.TicketStatusChanged, details: { from: 'verified', to: 'reset_sent' } });
      });
      if (stillOpen) return;
      const used = at(issued, rng.int(3, 25));
      step(used, async (manager) => {
        await manager.getRepository(ResetTokenEntity).update({ ticketId: ticket.id }, { usedAt: used });
        await passwordSet(manager, account, accountActor(account), 'reset-link', ticket.id);
        await manager.getRepository(TicketEntity).update({ id: ticket.id }, { status: 'resolved', resolvedAt: used, updatedAt: used });
        await record(manager, {
          ...base(),
          actor: accountActor(account),
          action: AuditAction.ResetLinkUsed,
          details: { ticketResolved: true, revokedLinks: 0, revokedCodes: 0 },
        });
      });
      return;
    }
    step(issued, async (manager) => {
      await passwordSet(manager, account, staff, 'assisted-reset', ticket.id, true);
      await manager.getRepository(TicketEntity).update({ id: ticket.id }, { status: 'reset_sent', updatedAt: issued });
      await record(manager, {
        ...base(),
        action: AuditAction.TemporaryPasswordIssued,
        details: { validUntil: at(issued, 24 * 60).toISOString(), approvedByStaffId: null, revokedLinks: 0, revokedCodes: 0 },
      });
    });
    // The holder signs in with the temporary password and picks their own: that resolves the ticket.
    if (!stillOpen) {
      step(done, async (manager) => {
        await passwordSet(manager, account, accountActor(account), 'change', null);
        await manager.getRepository(TicketEntity).update({ id: ticket.id }, { status: 'resolved', resolvedAt: done, updatedAt: done });
      });
    }
  };

  const selfServiceStory = (started: Date) => {
    const account = rng.pick(resettable);
    const actor = accountActor(account);
    const base = { actor, target: { type: 'account', id: account.id }, accountId: account.id };
    step(started, (manager) =>
      record(manager, { ...base, action: AuditAction.SelfServiceCodeSent, details: { expiresAt: at(started, 10).toISOString() } }),
    );
    if (rng.next() < 0.25)
      step(at(started, 2), (manager) =>
        record(manager, { ...base, action: AuditAction.SelfServiceCodeFailed, details: { attemptsLeft: 4 } }),
      );
    if (rng.next() < 0.12) return; // gave up
    step(at(started, 3), async (manager) => {
      await passwordSet(manager, account, actor, 'self-service', null);
      await record(manager, {
        ...base,
        action: AuditAction.SelfServicePasswordReset,
        details: { revokedLinks: 0, revokedCodes: 0, resolvedTickets: [] },
      });
    });
  };

  const chatStory = (when: Date) => {
    const linked = resettable.filter((account) => account.chatId);
    if (linked.length === 0) return;
    const account = rng.pick(linked);
    step(when, async (manager) => {
      await passwordSet(manager, account, accountActor(account), 'chat', null);
      await record(manager, {
        actor: accountActor(account),
        action: AuditAction.ChatCommand,
        target: { type: 'account', id: account.id },
        accountId: account.id,
        details: { command: 'resetpassword', outcome: 'reset', revokedLinks: 0, revokedCodes: 0, resolvedTickets: [] },
      });
    });
  };

  /** The morning scan's reminders of one day, delivered (one in twenty bounces). */
  const reminderStory = (scan: Date, account: AccountEntity, milestone: number) => {
    const reminder = { id: undefined as number | undefined };
    step(scan, async (manager) => {
      const expiresAt = new Date(scan.getTime() + milestone * DAY_MS);
      [reminder.id] = await outbox.enqueueMany(manager, [
        {
          kind: 'expiry-reminder',
          to: account.email,
          accountId: account.id,
          milestone,
          // Version 0: a password these holders have replaced since.
          dedupeKey: `reminder:${account.id}:v0:${milestone}`,
          data: {
            displayName: account.displayName,
            username: account.username,
            milestone,
            daysLeft: milestone,
            changedAt: null,
            expiresAt: expiresAt.toISOString(),
            timeZone: 'UTC',
          },
        },
      ]);
      if (reminder.id !== undefined) counts.reminders += 1;
    });
    // The mail worker's answer a minute later, after the outbox row committed.
    const delivered = at(scan, 1);
    const bounced = rng.next() < 0.05;
    step(delivered, async () => {
      if (reminder.id === undefined) return;
      if (bounced) await notifications.markAttemptFailed(reminder.id, 'EENVELOPE 550 5.1.1 mailbox unavailable', true, delivered);
      else await notifications.markSent(reminder.id, `<history-${reminder.id}@resetdesk.local>`, delivered);
    });
  };

  const midnight = new Date(Math.floor(today.getTime() / DAY_MS) * DAY_MS);
  for (let daysAgo = HISTORY_DAYS; daysAgo >= 0; daysAgo--) {
    const day = new Date(midnight.getTime() - daysAgo * DAY_MS);
    const weekend = [0, 6].includes(day.getUTCDay());
    const workStart = at(day, 8 * 60);
    for (let index = rng.int(weekend ? 0 : 3, weekend ? 2 : 7); index > 0; index--)
      ticketStory(at(workStart, rng.int(0, 9 * 60)), daysAgo <= 1 && rng.next() < 0.5);
    for (let index = rng.int(0, 3); index > 0; index--) selfServiceStory(at(day, rng.int(6 * 60, 23 * 60)));
    if (rng.next() < 0.4) chatStory(at(day, rng.int(7 * 60, 22 * 60)));
    for (let index = rng.int(0, 3); index > 0; index--) reminderStory(at(day, 6 * 60), rng.pick(accounts), rng.pick([7, 3, 0]));
  }

  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  const realNow = clock.now.bind(clock);
  try {
    for (const { at: instant, write } of steps) {
      clock.now = () => instant;
      await dataSource.transaction(write);
    }
  } finally {
    clock.now = realNow;
  }

  // Each reset holder's password now dates from their last reset in the history.
  for (const [accountId, changedAt] of lastReset) {
    const account = accounts.find((candidate) => candidate.id === accountId)!;
    const policy = await policies.resolve(account.policyId);
    await dataSource.transaction((manager) =>
      accountsRepository.update(
        manager,
        accountId,
        {
          passwordChangedAt: changedAt,
          passwordExpiresAt: expiryOf(changedAt, policy.maxAgeDays),
          passwordVersion: account.passwordVersion + 1,
          status: 'active',
        },
        today,
      ),
    );
  }
  return counts;
}
