import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountException, AccountsRepository } from '@resetdesk/accounts';
import { AuditAction, AuditActor, AuditRecorder } from '@resetdesk/audit';
import { Clock, DataCipher, RequestContext, TOTP_PERIOD_SECONDS, TotpService } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuthenticatorEnrollmentDto, AuthenticatorStateDto } from '../dto/authenticator.dto';
import { VerificationErrorCode, VerificationException } from '../verification.exception';
import { HolderAuthenticatorEntity } from './holder-authenticator.entity';
import { HolderAuthenticatorsRepository } from './holder-authenticators.repository';

/** How long the holder has to scan the QR code and confirm a code from the app. */
export const ENROLLMENT_MINUTES = 10;
/** Wrong confirmation codes before the enrollment ends and must start again. */
export const MAX_CONFIRM_ATTEMPTS = 5;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What a caller's code from their app turned out to be. */
export type AuthenticatorCheck =
  { outcome: 'match'; authenticatorId: number; timeStep: number } | { outcome: 'replayed' } | { outcome: 'wrong' } | { outcome: 'none' };

/**
 * The account holder's own authenticator app (RFC 6238 TOTP) as a verification factor. The holder enrolls it on
 * the portal after proving who they are; the secret is sealed with DATA_KEY and only its QR code is ever shown, to
 * the holder, during enrollment. On a ticket the caller reads the app's current code: ±1 step, and a step once
 * accepted (at enrollment or on a ticket) is never accepted again.
 */
@Injectable()
export class HolderAuthenticatorService {
  constructor(
    private readonly authenticators: HolderAuthenticatorsRepository,
    private readonly accounts: AccountsRepository,
    private readonly totp: TotpService,
    private readonly cipher: DataCipher,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async state(accountId: number): Promise<AuthenticatorStateDto> {
    const active = await this.authenticators.findActive(accountId);
    return { enrolled: active !== null, enrolledAt: active?.confirmedAt?.toISOString() ?? null };
  }

  /** An account's authenticator as staff see it (never its secret); 404 for an unknown account. */
  async stateOf(accountId: number): Promise<AuthenticatorStateDto> {
    if (!(await this.accounts.findById(accountId))) throw AccountException.notFound(accountId);
    return this.state(accountId);
  }

  /** An admin takes the app off an account (a lost phone): as the holder's own removal, audited under the admin. */
  async removeFor(accountId: number, actor: AuditActor, context: RequestContext): Promise<AuthenticatorStateDto> {
    const account = await this.accounts.findById(accountId);
    if (!account) throw AccountException.notFound(accountId);
    return this.remove(account, actor, context);
  }

  /** A new secret for a holder who proved who they are; confirmed by `confirm`, it replaces any app enrolled before. */
  async begin(account: AccountEntity, context: RequestContext): Promise<AuthenticatorEnrollmentDto> {
    const now = this.clock.now();
    const secret = this.totp.generateSecret();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + ENROLLMENT_MINUTES * 60_000);
    const replacing = (await this.authenticators.findActive(account.id)) !== null;
    await this.dataSource.transaction(async (manager) => {
      const pending = await this.authenticators.insertPending(
        manager,
        { accountId: account.id, secretEncrypted: this.cipher.encrypt(secret), enrollmentTokenHash: hashToken(token), expiresAt },
        now,
      );
      await this.audit.record(manager, {
        ...this.event(account, pending, context),
        action: AuditAction.AuthenticatorEnrollmentStarted,
        details: { replacing, expiresAt: expiresAt.toISOString() },
      });
    });
    const uri = this.totp.otpauthUri(secret, account.username);
    return {
      enrollmentToken: token,
      otpauthUri: uri,
      qrCode: await this.totp.qrCodeDataUrl(uri),
      secret,
      expiresAt: expiresAt.toISOString(),
      replacing,
      username: account.username,
    };
  }

  /** The first code from the app proves it holds the secret: the enrollment becomes the account's authenticator. */
  async confirm(token: string, code: string, context: RequestContext): Promise<AuthenticatorStateDto> {
    const now = this.clock.now();
    const pending = await this.authenticators.findPendingByToken(hashToken(token));
    if (!pending || pending.expiresAt <= now) throw lapsed();
    const account = await this.accounts.findById(pending.accountId);
    if (!account || account.status === 'disabled') throw lapsed();
    const timeStep = await this.totp.verify(this.cipher.decrypt(pending.secretEncrypted), code, { epochSeconds: now.getTime() / 1000 });
    if (timeStep === null) {
      const attempts = await this.dataSource.transaction(async (manager) => {
        const counted = await this.authenticators.countConfirmAttempt(manager, pending.id, MAX_CONFIRM_ATTEMPTS, now);
        if (counted !== null) {
          await this.audit.record(manager, {
            ...this.event(account, pending, context),
            action: AuditAction.AuthenticatorEnrollmentFailed,
            details: { attempts: counted, attemptsLeft: MAX_CONFIRM_ATTEMPTS - counted },
          });
        }
        return counted;
      });
      if (attempts === null || attempts >= MAX_CONFIRM_ATTEMPTS) {
        throw new VerificationException(
          VerificationErrorCode.EnrollmentLapsed,
          `Wrong code ${MAX_CONFIRM_ATTEMPTS} times: this enrollment has ended. Start again to get a new QR code`,
        );
      }
      const attemptsLeft = MAX_CONFIRM_ATTEMPTS - attempts;
      throw new VerificationException(
        VerificationErrorCode.WrongCode,
        `Wrong code; check that the phone's clock is right and type the code the app shows now (${attemptsLeft} attempt(s) left)`,
        { attemptsLeft },
      );
    }
    const result = await this.dataSource.transaction(async (manager) => {
      // In turn with another enrollment or a removal for the same account.
      await this.accounts.findForUpdate(manager, account.id);
      const outcome = await this.authenticators.activate(manager, pending.id, account.id, timeStep, now);
      if (!outcome.activated) return null;
      await this.audit.record(manager, {
        ...this.event(account, pending, context),
        action: AuditAction.AuthenticatorEnrolled,
        details: { replaced: outcome.replaced },
      });
      await this.notify(manager, account, outcome.replaced ? 'replaced' : 'enrolled', now);
      return outcome;
    });
    if (!result) throw lapsed();
    return { enrolled: true, enrolledAt: now.toISOString() };
  }

  /** The holder (proved) or an admin takes the app off the account: its codes stop verifying anyone. */
  async remove(account: AccountEntity, actor: AuditActor, context: RequestContext): Promise<AuthenticatorStateDto> {
    const now = this.clock.now();
    const removed = await this.dataSource.transaction(async (manager) => {
      await this.accounts.findForUpdate(manager, account.id);
      const active = await this.authenticators.findActive(account.id, manager);
      if (!active || !(await this.authenticators.remove(manager, account.id, now))) return false;
      await this.audit.record(manager, {
        actor,
        action: AuditAction.AuthenticatorRemoved,
        target: { type: 'authenticator', id: active.id },
        accountId: account.id,
        context,
        details: { enrolledAt: active.confirmedAt?.toISOString() ?? null },
      });
      await this.notify(manager, account, 'removed', now);
      return true;
    });
    if (!removed) {
      throw new VerificationException(
        VerificationErrorCode.NoAuthenticator,
        `Account ${account.username} has no authenticator app enrolled`,
      );
    }
    return { enrolled: false, enrolledAt: null };
  }

  /**
   * A code a caller read out, checked against the account's app: ±1 step of `now`. A code whose step was already
   * accepted is a replay (someone who saw it once); the caller's transaction claims the step with `claim`.
   */
  async check(accountId: number, code: string, now: Date): Promise<AuthenticatorCheck> {
    const active = await this.authenticators.findActive(accountId);
    if (!active) return { outcome: 'none' };
    const secret = this.cipher.decrypt(active.secretEncrypted);
    const epochSeconds = now.getTime() / 1000;
    const timeStep = await this.totp.verify(secret, code, { epochSeconds, afterTimeStep: active.lastTimeStep });
    if (timeStep !== null) return { outcome: 'match', authenticatorId: active.id, timeStep };
    return (await this.totp.verify(secret, code, { epochSeconds })) === null ? { outcome: 'wrong' } : { outcome: 'replayed' };
  }

  /**
   * A code the holder's app shows that will verify a caller now, and when it appears or how long it stays: the
   * current one, or the next (accepted a step early) when the current one was used already. For the demo, where a
   * tryer has no phone with the seeded accounts' apps; only the CLI's demo command calls it, refused in production.
   */
  async demoCode(accountId: number, now: Date): Promise<{ code: string; secondsLeft: number; next: boolean } | null> {
    const active = await this.authenticators.findActive(accountId);
    if (!active) return null;
    const secret = this.cipher.decrypt(active.secretEncrypted);
    const epochSeconds = now.getTime() / 1000;
    const current = await this.totp.codeAt(secret, epochSeconds);
    const used = active.lastTimeStep !== null && active.lastTimeStep >= Math.floor(epochSeconds / TOTP_PERIOD_SECONDS);
    if (!used) return { ...current, next: false };
    const next = await this.totp.codeAt(secret, epochSeconds + TOTP_PERIOD_SECONDS);
    return { code: next.code, secondsLeft: current.secondsLeft, next: true };
  }

  /** Takes the matched step inside the verifying transaction; false when another try took it (or a later one) first. */
  claim(manager: EntityManager, match: Extract<AuthenticatorCheck, { outcome: 'match' }>): Promise<boolean> {
    return this.authenticators.claimTimeStep(manager, match.authenticatorId, match.timeStep);
  }

  private event(account: AccountEntity, authenticator: HolderAuthenticatorEntity, context: RequestContext) {
    return {
      actor: accountActor(account),
      target: { type: 'authenticator', id: authenticator.id },
      accountId: account.id,
      context,
    };
  }

  private notify(manager: EntityManager, account: AccountEntity, change: 'enrolled' | 'replaced' | 'removed', now: Date) {
    return this.outbox.enqueue(manager, {
      kind: 'authenticator-changed',
      to: account.email,
      accountId: account.id,
      data: { displayName: account.displayName, change, at: now.toISOString() },
    });
  }
}

function lapsed(): VerificationException {
  return new VerificationException(
    VerificationErrorCode.EnrollmentLapsed,
    'This enrollment has expired, was replaced or is already confirmed; start again to get a new QR code',
  );
}
