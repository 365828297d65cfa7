import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountsRepository, AccountsService } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, OneTimeCodes, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PersonalEmailConfirmationDto, PersonalEmailStateDto } from '../dto/personal-email.dto';
import { VerificationErrorCode, VerificationException } from '../verification.exception';
import { PersonalEmailConfirmationEntity } from './personal-email-confirmation.entity';
import { PersonalEmailConfirmationsRepository } from './personal-email-confirmations.repository';

/** How long the code sent to the new address works. */
export const PERSONAL_EMAIL_CODE_MINUTES = 10;
/** Wrong codes before the confirmation ends and a new code is needed. */
export const PERSONAL_EMAIL_MAX_ATTEMPTS = 5;
/** Confirmation codes one account may be sent in an hour, to whatever addresses (SPEC §7.1: 5 codes an hour). */
export const PERSONAL_EMAIL_CODES_PER_HOUR = 5;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The holder puts their own personal email on record, after proving who they are (the caller's job): a code goes
 * to the new address, and only the code read there puts it on record. The change is told to the login email and to
 * the address it replaces, as an admin's edit is, so a change the holder did not make is noticed.
 */
@Injectable()
export class PersonalEmailService {
  constructor(
    private readonly confirmations: PersonalEmailConfirmationsRepository,
    private readonly accounts: AccountsService,
    private readonly accountRecords: AccountsRepository,
    private readonly codes: OneTimeCodes,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Sends a code to `email` for a holder who proved who they are; `confirm` with it puts the address on record. */
  async begin(account: AccountEntity, email: string, context: RequestContext): Promise<PersonalEmailConfirmationDto> {
    // Compared as the unique index on the login email compares (case folded): the same mailbox under another spelling.
    if (email.localeCompare(account.email, undefined, { sensitivity: 'base' }) === 0) {
      throw new VerificationException(
        VerificationErrorCode.PersonalEmailIsLogin,
        'That is the login email of this account. A personal email must be an address this account’s password does not open',
      );
    }
    if (account.personalEmail !== null && email.localeCompare(account.personalEmail, undefined, { sensitivity: 'base' }) === 0) {
      throw new VerificationException(VerificationErrorCode.PersonalEmailUnchanged, 'That address is already your personal email');
    }
    const now = this.clock.now();
    const sent = await this.confirmations.countSentSince(account.id, new Date(now.getTime() - 3600_000));
    if (sent >= PERSONAL_EMAIL_CODES_PER_HOUR) {
      throw new VerificationException(
        VerificationErrorCode.HourlyLimit,
        `${PERSONAL_EMAIL_CODES_PER_HOUR} confirmation codes were sent for this account in the last hour; try again later`,
        { retryAfterSeconds: 3600 },
      );
    }
    const code = this.codes.generate();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + PERSONAL_EMAIL_CODE_MINUTES * 60_000);
    await this.dataSource.transaction(async (manager) => {
      const pending = await this.confirmations.insertPending(
        manager,
        { accountId: account.id, email, tokenHash: hashToken(token), codeHash: this.codes.hash(code), expiresAt },
        now,
      );
      await this.audit.record(manager, {
        ...this.event(account, pending, context),
        action: AuditAction.PersonalEmailCodeSent,
        details: { to: email, replacing: account.personalEmail !== null, expiresAt: expiresAt.toISOString() },
      });
      await this.outbox.enqueue(manager, {
        kind: 'personal-email-code',
        to: email,
        accountId: account.id,
        data: { code, displayName: account.displayName, username: account.username, expiresInMinutes: PERSONAL_EMAIL_CODE_MINUTES },
      });
    });
    return { confirmationToken: token, sentTo: email, expiresAt: expiresAt.toISOString(), replacing: account.personalEmail !== null };
  }

  /** The code from the new address's inbox: the address goes on record (replacing any before). */
  async confirm(token: string, code: string, context: RequestContext): Promise<PersonalEmailStateDto> {
    const now = this.clock.now();
    const pending = await this.confirmations.findPendingByToken(hashToken(token));
    if (!pending || pending.expiresAt <= now) throw lapsed();
    const holder = await this.accountRecords.findById(pending.accountId);
    if (!holder || holder.status === 'disabled') throw lapsed();
    const actor = accountActor(holder);
    if (!this.codes.matches(pending.codeHash, code)) {
      const attempts = await this.dataSource.transaction(async (manager) => {
        const counted = await this.confirmations.countAttempt(manager, pending.id, PERSONAL_EMAIL_MAX_ATTEMPTS, now);
        if (counted !== null) {
          await this.audit.record(manager, {
            actor,
            action: AuditAction.PersonalEmailConfirmFailed,
            target: { type: 'personal-email', id: pending.id },
            accountId: pending.accountId,
            context,
            details: { attempts: counted, attemptsLeft: PERSONAL_EMAIL_MAX_ATTEMPTS - counted },
          });
        }
        return counted;
      });
      if (attempts === null || attempts >= PERSONAL_EMAIL_MAX_ATTEMPTS) {
        throw new VerificationException(
          VerificationErrorCode.PersonalEmailLapsed,
          `Wrong code ${PERSONAL_EMAIL_MAX_ATTEMPTS} times: this confirmation has ended. Ask for a new code`,
        );
      }
      const attemptsLeft = PERSONAL_EMAIL_MAX_ATTEMPTS - attempts;
      throw new VerificationException(VerificationErrorCode.WrongCode, `Wrong code; ${attemptsLeft} attempt(s) left`, { attemptsLeft });
    }
    const confirmed = await this.dataSource
      .transaction(async (manager) => {
        // Of two right tries at once (or a right one beside the fifth wrong one) one wins; the other finds it ended.
        if (!(await this.confirmations.markConfirmed(manager, pending.id, PERSONAL_EMAIL_MAX_ATTEMPTS, now))) return false;
        const account = await this.accounts.changePersonalEmail(manager, pending.accountId, pending.email, actor, context, now);
        // A disabled account (or one gone) takes no new channel: the confirmation rolls back with the rest.
        if (!account) throw new AccountUnavailable();
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof AccountUnavailable) return false;
        throw error;
      });
    if (!confirmed) throw lapsed();
    return { personalEmail: pending.email };
  }

  /** The holder (proved) takes their personal email off the record; a code still pending for a new one ends too. */
  async remove(account: AccountEntity, context: RequestContext): Promise<PersonalEmailStateDto> {
    const now = this.clock.now();
    const removed = await this.dataSource.transaction(async (manager) => {
      await this.confirmations.lapsePending(manager, account.id, now);
      const before = await this.accounts.changePersonalEmail(manager, account.id, null, accountActor(account), context, now);
      return Boolean(before?.personalEmail);
    });
    if (!removed) {
      throw new VerificationException(VerificationErrorCode.NoPersonalEmail, `Account ${account.username} has no personal email on record`);
    }
    return { personalEmail: null };
  }

  private event(account: AccountEntity, confirmation: PersonalEmailConfirmationEntity, context: RequestContext) {
    return {
      actor: accountActor(account),
      target: { type: 'personal-email', id: confirmation.id },
      accountId: account.id,
      context,
    };
  }
}

/** Thrown inside the confirming transaction to roll it back when the account was disabled meanwhile. */
class AccountUnavailable extends Error {}

function lapsed(): VerificationException {
  return new VerificationException(
    VerificationErrorCode.PersonalEmailLapsed,
    'This confirmation has ended (it expired after 10 minutes, a newer code was sent, or the code was wrong 5 times). Ask for a new code',
  );
}
