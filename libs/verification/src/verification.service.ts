import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsRepository } from '@resetdesk/accounts';
import { AuditAction, AuditEventInput, AuditRecorder } from '@resetdesk/audit';
import { ChatTransport } from '@resetdesk/chat';
import { Clock, OneTimeCodes, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { firstName, roleAtLeast, StaffPrincipal, staffActor } from '@resetdesk/staff';
import { canMove, FINISHED_STATUSES, TicketEntity, TicketException, TicketsRepository, TicketsService } from '@resetdesk/tickets';
import { DataSource, EntityManager } from 'typeorm';
import { HolderAuthenticatorService } from './authenticator/holder-authenticator.service';
import { CodeChannel, CodeSentDto, CodeVerifiedDto, toTicketCodeDto } from './dto/verification.dto';
import { VerificationChallengeEntity } from './verification-challenge.entity';
import { VerificationErrorCode, VerificationException } from './verification.exception';
import { VerificationRepository } from './verification.repository';

export const CODE_TTL_MINUTES = 10;
/** Wrong codes for one account within SUPERVISOR_WINDOW_HOURS after which only a supervisor may send another: two locks' worth. */
export const WRONG_TRIES_BEFORE_SUPERVISOR = 10;
export const SUPERVISOR_WINDOW_HOURS = 24;
export const MAX_ATTEMPTS = 5;
/** Another code may be sent on a ticket this long after the last one (the ticket answers when: resendAvailableAt). */
export const RESEND_COOLDOWN_SECONDS = 60;
export const MAX_CODES_PER_HOUR = 5;
export const VERIFIED_FOR_MINUTES = 15;

/** When another code may be sent on a ticket whose last code went out at `sentAt`. */
const resendAvailableAfter = (sentAt: Date): Date => new Date(sentAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000);

/**
 * The caller-verification step of an assisted reset: a 6-digit code from a
 * CSPRNG, stored only as HMAC-SHA256, sent to the account holder; the agent
 * types what the caller reads back. Attempts are counted by one conditional
 * UPDATE, so concurrent guesses cannot slip past the limit.
 */
@Injectable()
export class VerificationService implements OnModuleInit {
  constructor(
    private readonly challenges: VerificationRepository,
    private readonly tickets: TicketsRepository,
    private readonly ticketsService: TicketsService,
    private readonly accounts: AccountsRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly codes: OneTimeCodes,
    private readonly chat: ChatTransport,
    private readonly authenticators: HolderAuthenticatorService,
  ) {}

  onModuleInit(): void {
    // The ticket's detail lists its codes (tickets depend on nothing here, so this lib tells them).
    this.ticketsService.addDetailSource(async (ticket, now) => {
      const challenges = await this.challenges.listForTicket(ticket.id);
      const last = challenges.at(-1);
      return {
        codes: challenges.map(toTicketCodeDto),
        resendAvailableAt: last ? resendAvailableAfter(last.createdAt).toISOString() : null,
        codeNeedsSupervisor: await this.needsSupervisor(ticket.accountId, now),
        authenticatorEnrolled: (await this.authenticators.state(ticket.accountId)).enrolled,
      };
    });
    // Once a code went to a holder, the ticket is theirs: moving it to another account would let that account inherit it.
    this.ticketsService.beforeAccountChange(async (manager, ticket) =>
      (await this.challenges.anySentForTicket(manager, ticket.id))
        ? `A code was already sent for ticket #${ticket.id}: cancel it (with the reason) and open a new ticket for the right account`
        : null,
    );
  }

  private async needsSupervisor(accountId: number, now: Date, manager?: EntityManager): Promise<boolean> {
    const since = new Date(now.getTime() - SUPERVISOR_WINDOW_HOURS * 3600_000);
    return (await this.challenges.wrongTriesSince(accountId, since, manager)) >= WRONG_TRIES_BEFORE_SUPERVISOR;
  }

  async sendCode(agent: StaffPrincipal, ticketId: number, channel: CodeChannel, context: RequestContext): Promise<CodeSentDto> {
    const ticket = await this.requireTicket(ticketId);
    if (FINISHED_STATUSES.includes(ticket.status)) throw VerificationException.ticketFinished(ticketId, ticket.status);
    const account = await this.accounts.findById(ticket.accountId);
    if (!account || account.status === 'disabled')
      throw new VerificationException(
        VerificationErrorCode.AccountDisabled,
        'The account is disabled; enable it before verifying the caller',
      );
    if (channel === 'chat' && !this.chat.enabled) {
      throw new VerificationException(
        VerificationErrorCode.ChatUnavailable,
        'Codes by chat are not set up on this server (CHAT_OUTBOUND_URL); send the code by email',
      );
    }
    if (channel === 'chat' && !account.chatId) {
      throw new VerificationException(
        VerificationErrorCode.NoChatId,
        `Account ${account.username} has no linked chat id; send the code by email`,
      );
    }
    if (channel === 'personal_email' && !account.personalEmail) {
      throw new VerificationException(
        VerificationErrorCode.NoPersonalEmail,
        `${account.displayName} has no personal email on record (an admin adds one on the account); send the code to the login email or by chat`,
      );
    }
    if (channel === 'authenticator' && !(await this.authenticators.state(account.id)).enrolled) {
      throw new VerificationException(
        VerificationErrorCode.NoAuthenticator,
        `${account.displayName} has no authenticator app enrolled; send a code by email or chat`,
      );
    }
    const now = this.clock.now();

    const last = await this.challenges.latestForTicket(ticketId);
    const resendAt = last ? resendAvailableAfter(last.createdAt) : now;
    if (resendAt > now) {
      const wait = Math.ceil((resendAt.getTime() - now.getTime()) / 1000);
      throw new VerificationException(VerificationErrorCode.TooSoon, `A code was sent moments ago; another can be sent in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
    const lastHour = await this.challenges.countSentSince(account.id, new Date(now.getTime() - 3600_000));
    if (lastHour >= MAX_CODES_PER_HOUR) {
      throw new VerificationException(
        VerificationErrorCode.HourlyLimit,
        `This account already received ${MAX_CODES_PER_HOUR} codes in the last hour; try again later`,
        {
          retryAfterSeconds: 3600,
        },
      );
    }

    // The authenticator's code is made by the holder's app: nothing is sent, and nothing is stored to compare with.
    const code = channel === 'authenticator' ? null : this.codes.generate();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
    const challenge = await this.dataSource.transaction(async (manager) => {
      // Taken in turn with a status move: a code is never left open on a ticket closed meanwhile.
      const current = await this.tickets.findForUpdate(manager, ticketId);
      if (!current || FINISHED_STATUSES.includes(current.status))
        throw VerificationException.ticketFinished(ticketId, current?.status ?? ticket.status);
      // The account read above must still be the ticket's: a correction that committed meanwhile wins, and no code goes to the wrong person.
      if (current.accountId !== account.id) {
        throw new VerificationException(
          VerificationErrorCode.AccountChanged,
          `Ticket #${ticketId} was just moved to another account; check who it is for and send the code again`,
        );
      }
      // Two locks' worth of wrong codes on this account in a day — on one ticket or spread over several, locked or
      // cut short by a resend — look like someone guessing or posing as the holder: a supervisor takes over.
      if (!roleAtLeast(agent.role, 'supervisor') && (await this.needsSupervisor(account.id, now, manager))) {
        throw new VerificationException(
          VerificationErrorCode.SupervisorRequired,
          `Codes for ${account.username} were guessed wrong ${WRONG_TRIES_BEFORE_SUPERVISOR} times or more today: a supervisor must verify this caller (call the holder back on the number on file first)`,
        );
      }
      // A new code replaces any code still open on this ticket.
      const created = await this.challenges.issue(
        manager,
        {
          ticketId,
          accountId: account.id,
          channel,
          codeHash: code === null ? null : this.codes.hash(code),
          issuedByStaffId: agent.id,
          expiresAt,
        },
        now,
      );
      if (current.status !== 'verifying' && canMove(current.status, 'verifying')) await this.tickets.markVerifying(manager, ticketId, now);
      await this.audit.record(manager, {
        actor: staffActor(agent),
        action: code === null ? AuditAction.AuthenticatorCodeRequested : AuditAction.CodeSent,
        target: { type: 'verification', id: created.id },
        ticketId,
        accountId: account.id,
        context,
        details: { channel, expiresAt: expiresAt.toISOString() },
      });
      if (code === null) return created;
      await this.outbox.enqueue(manager, {
        kind: 'assisted-code',
        channel: channel === 'chat' ? 'chat' : 'email',
        to: channel === 'chat' ? account.chatId! : channel === 'personal_email' ? account.personalEmail! : account.email,
        accountId: account.id,
        data: {
          code,
          ticketId,
          agentFirstName: firstName(agent.name),
          displayName: account.displayName,
          expiresInMinutes: CODE_TTL_MINUTES,
        },
      });
      return created;
    });
    return {
      challengeId: challenge.id,
      expiresAt: expiresAt.toISOString(),
      resendAvailableAt: resendAvailableAfter(now).toISOString(),
    };
  }

  async verifyCode(agent: StaffPrincipal, ticketId: number, code: string, context: RequestContext): Promise<CodeVerifiedDto> {
    const ticket = await this.requireTicket(ticketId);
    // A closed or cancelled ticket verifies nobody, whatever code was sent before it finished.
    if (FINISHED_STATUSES.includes(ticket.status)) throw VerificationException.ticketFinished(ticketId, ticket.status);
    // Every code of the ticket, newest first (a handful): the newest is checked, the older ones tell a replaced code from a wrong one.
    const issued = await this.challenges.issuedForTicket(ticketId);
    const challenge = issued[0];
    if (!challenge) {
      throw new VerificationException(VerificationErrorCode.NoChallenge, `No code has been sent for ticket #${ticketId}; send one first`);
    }
    const now = this.clock.now();
    this.refuseClosed(challenge, now);
    if (challenge.expiresAt <= now) {
      await this.challenges.markExpired(challenge.id);
      throw new VerificationException(VerificationErrorCode.Expired, 'The code has expired; send a new one');
    }
    const base = {
      actor: staffActor(agent),
      target: { type: 'verification', id: challenge.id },
      ticketId,
      accountId: challenge.accountId,
      context,
    };

    // A sent code is compared with its HMAC; an authenticator code is checked against the holder's app, once per step.
    const fromApp = challenge.channel === 'authenticator' ? await this.authenticators.check(challenge.accountId, code, now) : null;
    const matched = fromApp ? fromApp.outcome === 'match' : challenge.codeHash !== null && this.codes.matches(challenge.codeHash, code);
    if (matched) {
      const verifiedUntil = new Date(now.getTime() + VERIFIED_FOR_MINUTES * 60_000);
      const won = await this.dataSource
        .transaction(async (manager) => {
          // The ticket row first, as a status move takes it: a close that committed meanwhile wins.
          const current = await this.tickets.findForUpdate(manager, ticketId);
          if (!current || FINISHED_STATUSES.includes(current.status))
            throw VerificationException.ticketFinished(ticketId, current?.status ?? ticket.status);
          if (!(await this.challenges.markVerified(manager, challenge.id, agent.id, MAX_ATTEMPTS, now))) return false;
          // Two tries with the same app code at once: the step goes to one; the other's verification rolls back.
          if (fromApp?.outcome === 'match' && !(await this.authenticators.claim(manager, fromApp))) throw new ReplayLost();
          await this.tickets.markCallerVerified(manager, ticketId, verifiedUntil, now);
          await this.audit.record(manager, {
            ...base,
            action: AuditAction.CodeVerified,
            details: { channel: challenge.channel, attempts: challenge.attempts + 1, verifiedUntil: verifiedUntil.toISOString() },
          });
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof ReplayLost) return 'replayed' as const;
          throw error;
        });
      if (won === 'replayed') return this.countWrong(base, challenge, now, 'replayed');
      if (!won) {
        // Someone else's try locked, expired or used the code in between: answer with its current state.
        this.refuseClosed(await this.reload(challenge.id), now);
        throw new VerificationException(VerificationErrorCode.Locked, 'This code is locked after too many wrong tries; send a new one');
      }
      return { verified: true, verifiedUntil: verifiedUntil.toISOString() };
    }

    // An older code of this ticket: the caller read out a code a newer one replaced. Not a guess; not counted.
    if (issued.some((old) => old.status === 'superseded' && old.codeHash !== null && this.codes.matches(old.codeHash, code))) {
      throw new VerificationException(VerificationErrorCode.Expired, 'A newer code was sent; ask the caller for the latest one');
    }
    if (fromApp?.outcome === 'none') {
      throw new VerificationException(
        VerificationErrorCode.NoAuthenticator,
        'The holder removed their authenticator app since this check started; send a code by email or chat',
      );
    }
    return this.countWrong(base, challenge, now, fromApp?.outcome === 'replayed' ? 'replayed' : 'wrong');
  }

  /** A wrong (or replayed) code: one atomic count, recorded in the same transaction; the answer says what is left. */
  private async countWrong(
    base: Omit<AuditEventInput, 'action' | 'details'>,
    challenge: VerificationChallengeEntity,
    now: Date,
    kind: 'wrong' | 'replayed',
  ): Promise<never> {
    const attempts = await this.dataSource.transaction(async (manager) => {
      const total = await this.challenges.countFailedAttempt(manager, challenge.id, MAX_ATTEMPTS);
      if (total === null) return null;
      await this.audit.record(manager, {
        ...base,
        action: total >= MAX_ATTEMPTS ? AuditAction.CodeLocked : AuditAction.CodeFailed,
        details: { attempts: total, attemptsLeft: MAX_ATTEMPTS - total, ...(kind === 'replayed' ? { replayed: true } : {}) },
      });
      return total;
    });
    if (attempts === null || attempts >= MAX_ATTEMPTS) {
      // Not counted: another try locked it (or it closed) in between.
      if (attempts === null) this.refuseClosed(await this.reload(challenge.id), now);
      throw new VerificationException(
        VerificationErrorCode.Locked,
        'Wrong code; the code is now locked after 5 wrong tries. Send a new one',
        { attemptsLeft: 0 },
      );
    }
    const attemptsLeft = MAX_ATTEMPTS - attempts;
    if (kind === 'replayed') {
      throw new VerificationException(
        VerificationErrorCode.CodeReplayed,
        `That code was already used; ask the caller for the next one their app shows (${attemptsLeft} attempt(s) left)`,
        { attemptsLeft },
      );
    }
    throw new VerificationException(VerificationErrorCode.WrongCode, `Wrong code; ${attemptsLeft} attempt(s) left`, { attemptsLeft });
  }

  private refuseClosed(challenge: VerificationChallengeEntity, now: Date): void {
    if (challenge.status === 'superseded')
      throw new VerificationException(VerificationErrorCode.Expired, 'A newer code was sent; ask the caller for the latest one');
    if (challenge.status === 'expired' || (challenge.status === 'pending' && challenge.expiresAt <= now))
      throw new VerificationException(VerificationErrorCode.Expired, 'The code has expired; send a new one');
    if (challenge.status === 'locked')
      throw new VerificationException(VerificationErrorCode.Locked, 'This code is locked after too many wrong tries; send a new one', {
        attemptsLeft: 0,
      });
    if (challenge.status === 'verified')
      throw new VerificationException(VerificationErrorCode.AlreadyVerified, 'The caller is already verified with this code');
  }

  private async reload(id: number): Promise<VerificationChallengeEntity> {
    return (await this.challenges.findById(id))!;
  }

  private async requireTicket(id: number): Promise<TicketEntity> {
    const ticket = await this.tickets.findById(id);
    if (!ticket) throw TicketException.notFound(id);
    return ticket;
  }
}

/** Thrown inside the verifying transaction to roll it back when another try took the app code's time step first. */
class ReplayLost extends Error {}
