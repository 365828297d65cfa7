import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountsRepository, PasswordCheckTokens, PasswordSetter } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, OneTimeCodes, RateLimit, RateLimiter, RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { ResetCompletion } from '@resetdesk/resets';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ForgotPasswordCodeDto, ForgotPasswordVerifyDto } from './dto/forgot-password.dto';
import { PasswordCheckGrantDto } from './dto/password-check.dto';
import { PortalRequest, PortalRequests } from './portal-requests.service';
import { PortalRequestJobData } from './jobs/self-service-job.types';
import { enforceLimit } from './self-service.limits';
import { SelfServiceCodeEntity } from './self-service-code.entity';
import { SelfServiceCodeRepository } from './self-service-code.repository';
import { SelfServiceErrorCode, SelfServiceException } from './self-service.exception';

export const FORGOT_CODE_TTL_MINUTES = 10;
export const FORGOT_CODE_MAX_TRIES = 5;
const MAX_CODES_PER_ACCOUNT_HOUR = 5;

// Limits follow the address typed, known or not, so they reveal nothing.
export const FORGOT_RESEND: RateLimit = { bucket: 'forgot-password:resend', limit: 1, windowSeconds: 60 };
export const FORGOT_HOURLY: RateLimit = { bucket: 'forgot-password:hourly', limit: 5, windowSeconds: 3600 };

const WRONG_CODE = 'The code is wrong, expired or already used; check the newest email, or ask for a new code';

/**
 * Forgot password: the API only checks the limits and writes the request
 * (a row, then a job), so known and unknown addresses get the same answer in
 * the same time; the worker looks the address up and emails a code when an
 * account uses it.
 * The code plus a new password then resets the password once.
 */
@Injectable()
export class ForgotPasswordService {
  constructor(
    private readonly selfServiceCodes: SelfServiceCodeRepository,
    private readonly requests: PortalRequests,
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordSetter,
    private readonly codes: OneTimeCodes,
    private readonly limiter: RateLimiter,
    private readonly completion: ResetCompletion,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly checkTokens: PasswordCheckTokens,
  ) {
    this.decoyHash = codes.hash(randomUUID());
  }

  /** Compared against when there is no open code, so the HMAC work is the same. */
  private readonly decoyHash: string;

  /** API side: limits, then the request row and its job. Nothing here depends on whether the address is known. */
  async request(email: string, context: RequestContext): Promise<void> {
    await enforceLimit(
      this.limiter,
      FORGOT_RESEND,
      email,
      (wait) => `A code was asked for moments ago; you can ask again in ${wait} s`,
      SelfServiceErrorCode.TooSoon,
    );
    await enforceLimit(
      this.limiter,
      FORGOT_HOURLY,
      email,
      (wait) => `Too many codes were asked for this address; try again in ${Math.ceil(wait / 60)} min`,
      SelfServiceErrorCode.HourlyLimit,
    );
    await this.requests.submit('forgot-password', { email: email.trim() }, context);
  }

  /** Worker side: a code for the account using this address, if there is one. Safe to run twice for one request. */
  async sendCode({ requestId }: PortalRequestJobData): Promise<'sent' | 'no-account' | 'account-limit' | 'already-done'> {
    const job = await this.requests.open('forgot-password', requestId);
    if (!job) return 'already-done';
    const outcome = await this.answer(job);
    // A code commits with its request's answer; every other outcome is recorded here.
    if (outcome !== 'sent') await this.requests.markAnswered(job);
    return outcome;
  }

  private async answer(job: PortalRequest<'forgot-password'>): Promise<'sent' | 'no-account' | 'account-limit' | 'already-done'> {
    const account = await this.accounts.findByEmail(job.email);
    if (!account || account.status === 'disabled') return 'no-account';
    const now = this.clock.now();
    const lastHour = await this.selfServiceCodes.countIssuedSince(account.id, new Date(now.getTime() - 3_600_000));
    if (lastHour >= MAX_CODES_PER_ACCOUNT_HOUR) return 'account-limit';

    const code = this.codes.generate();
    const expiresAt = new Date(now.getTime() + FORGOT_CODE_TTL_MINUTES * 60_000);
    return this.dataSource.transaction(async (manager) => {
      const codeId = await this.selfServiceCodes.insertForRequest(manager, {
        accountId: account.id,
        requestId: job.requestId,
        codeHash: this.codes.hash(code),
        createdAt: now,
        expiresAt,
      });
      if (codeId === null) return 'already-done';
      // The newest code replaces any earlier one.
      await this.selfServiceCodes.supersedeOthers(manager, account.id, codeId);
      await this.audit.record(manager, {
        actor: { type: 'anonymous', id: null, label: null },
        action: AuditAction.SelfServiceCodeSent,
        target: { type: 'self-service-code', id: codeId },
        accountId: account.id,
        context: { ip: job.ip, userAgent: job.userAgent },
        details: { expiresAt: expiresAt.toISOString() },
      });
      await this.outbox.enqueue(manager, {
        kind: 'self-service-code',
        to: account.email,
        accountId: account.id,
        data: { code, displayName: account.displayName, expiresInMinutes: FORGOT_CODE_TTL_MINUTES },
        dedupeKey: `self-service-code:${job.requestId}`,
      });
      await this.requests.markAnswered(job, manager);
      return 'sent';
    });
  }

  /**
   * The code alone, before the new password: the page then shows the
   * account's own rules. Not used up here; a wrong one counts as a wrong try
   * exactly as in `verify`, so checking first opens no second way to guess.
   */
  async checkCode(dto: ForgotPasswordCodeDto, context: RequestContext): Promise<PasswordCheckGrantDto> {
    const { account, open } = await this.openCode(dto, context);
    return this.checkTokens.issue(account, { kind: 'code', id: open.id }, open.expiresAt);
  }

  /** Whether code `id` of this account is still the open one: pending, unexpired, not locked (a check token resting on it needs that). */
  async isCodeOpen(id: number, accountId: number): Promise<boolean> {
    const code = await this.selfServiceCodes.findById(id);
    return (
      !!code &&
      code.accountId === accountId &&
      code.status === 'pending' &&
      code.attempts < FORGOT_CODE_MAX_TRIES &&
      code.expiresAt > this.clock.now()
    );
  }

  /** The code and a new password: 204, or one 422 for any wrong, expired, used or locked code (attempts are never shown). */
  async verify(dto: ForgotPasswordVerifyDto, context: RequestContext): Promise<void> {
    const { account, open, now } = await this.openCode(dto, context);
    await this.passwords.setPassword(account, dto.newPassword, {
      actor: accountActor(account),
      context,
      reason: 'self-service',
      claim: async (manager) => {
        // Of two uses of one code, the second waits on the code's row and then finds it used.
        if (!(await this.selfServiceCodes.claim(manager, open.id, now, FORGOT_CODE_MAX_TRIES)))
          throw new SelfServiceException(SelfServiceErrorCode.WrongCode, WRONG_CODE);
      },
      // The directory refused the new password or was away: the code still works for another try — unless a newer
      // code was sent meanwhile (revoking skips a claimed code), which then replaces it.
      release: (manager) => this.selfServiceCodes.releaseClaim(manager, account.id, open.id, now),
      alsoInTransaction: async (manager) => {
        const completed = await this.completion.complete(manager, account, now, context);
        await this.audit.record(manager, {
          actor: accountActor(account),
          action: AuditAction.SelfServicePasswordReset,
          target: { type: 'self-service-code', id: open.id },
          accountId: account.id,
          context,
          details: { revokedLinks: completed.links, revokedCodes: completed.codes, resolvedTickets: completed.resolvedTickets },
        });
      },
    });
  }

  /** The account and its open code when `dto.code` is that code; otherwise one counted, audited wrong try and a 422. */
  private async openCode(
    dto: ForgotPasswordCodeDto,
    context: RequestContext,
  ): Promise<{ account: AccountEntity; open: SelfServiceCodeEntity; now: Date }> {
    const found = await this.accounts.findByEmail(dto.email);
    // A disabled account is refused like an unknown address (the link and chat paths refuse it too), whatever code it was sent.
    const account = found && found.status !== 'disabled' ? found : null;
    // Known or not, the same work (SPEC §7.5): one code lookup, one HMAC comparison and, when it fails, one counted and audited try.
    const latest = await this.selfServiceCodes.findLatest(account?.id ?? 0);
    const now = this.clock.now();
    const open =
      account && latest?.status === 'pending' && latest.expiresAt > now && latest.attempts < FORGOT_CODE_MAX_TRIES ? latest : null;
    if (!this.codes.matches(open?.codeHash ?? this.decoyHash, dto.code) || !account || !open) {
      await this.countWrongTry(account, open, context);
      throw new SelfServiceException(SelfServiceErrorCode.WrongCode, WRONG_CODE);
    }
    return { account, open, now };
  }

  /**
   * One atomic count, audited with it; the fifth wrong try locks the code.
   * Without an open code (or account) the same UPDATE matches nothing and
   * the refusal is audited all the same, so both cost one write transaction.
   */
  private async countWrongTry(account: AccountEntity | null, code: SelfServiceCodeEntity | null, context: RequestContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const attempts = await this.selfServiceCodes.countWrongTry(manager, code?.id ?? 0, FORGOT_CODE_MAX_TRIES);
      await this.audit.record(manager, {
        actor: { type: 'anonymous', id: null, label: null },
        action:
          attempts === null
            ? AuditAction.SelfServiceCodeRefused
            : attempts >= FORGOT_CODE_MAX_TRIES
              ? AuditAction.SelfServiceCodeLocked
              : AuditAction.SelfServiceCodeFailed,
        target: code ? { type: 'self-service-code', id: code.id } : undefined,
        accountId: account?.id ?? null,
        context,
        details: attempts === null ? {} : { attempts },
      });
    });
  }
}
