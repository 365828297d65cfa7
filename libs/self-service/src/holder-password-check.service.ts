import { Injectable } from '@nestjs/common';
import { PasswordCheckProof, PasswordCheckTokens, PasswordSetter } from '@resetdesk/accounts';
import { RateLimit, RateLimiter } from '@resetdesk/core';
import { ResetLinkService } from '@resetdesk/resets';
import { HolderPasswordCheckDto, HolderPasswordVerdictDto } from './dto/password-check.dto';
import { ForgotPasswordService } from './forgot-password.service';
import { SelfServiceErrorCode, SelfServiceException } from './self-service.exception';
import { enforceLimit } from './self-service.limits';

/** Checks per account in 15 minutes: a page checks as the holder types. */
export const PASSWORD_CHECK_ACCOUNT: RateLimit = { bucket: 'password-check:account', limit: 300, windowSeconds: 900 };
/**
 * History answers per account in 15 minutes. Each says whether a candidate
 * is a remembered password — the current one among them — so whoever holds
 * a link or a code gets only a few, and they cost argon2 work.
 */
export const PASSWORD_CHECK_HISTORY: RateLimit = { bucket: 'password-check:history', limit: 10, windowSeconds: 900 };

/**
 * The portal's live checklist for an identified account: the verdict
 * `PasswordSetter` itself would give (the account's policy, its history),
 * so what the page shows green is what the server accepts. History is
 * answered once the holder has typed the candidate twice, within a budget.
 */
@Injectable()
export class HolderPasswordCheck {
  constructor(
    private readonly tokens: PasswordCheckTokens,
    private readonly passwords: PasswordSetter,
    private readonly limiter: RateLimiter,
    private readonly resetLinks: ResetLinkService,
    private readonly forgotPassword: ForgotPasswordService,
  ) {}

  async check(dto: HolderPasswordCheckDto): Promise<HolderPasswordVerdictDto> {
    const opened = await this.tokens.open(dto.checkToken);
    if (!opened || !(await this.proofStillOpen(opened.proof, opened.account.id))) {
      throw new SelfServiceException(
        SelfServiceErrorCode.CheckExpired,
        'This page has been open too long, or the link, code or password it was opened with no longer works; start again',
      );
    }
    const { account } = opened;
    await enforceLimit(
      this.limiter,
      PASSWORD_CHECK_ACCOUNT,
      `account:${account.id}`,
      (wait) => `Too many checks for this account; try again in ${Math.ceil(wait / 60)} min`,
    );
    const typedTwice = dto.confirmPassword !== undefined && dto.confirmPassword === dto.password;
    return this.passwords.verdict(account, dto.password, async () => {
      if (!typedTwice) return 'later';
      return (await this.limiter.hit(PASSWORD_CHECK_HISTORY, `account:${account.id}`)).allowed ? 'check' : 'on-submit';
    });
  }

  private proofStillOpen(proof: PasswordCheckProof, accountId: number): Promise<boolean> {
    if (proof.kind === 'link') return this.resetLinks.isOpen(proof.id, accountId);
    if (proof.kind === 'code') return this.forgotPassword.isCodeOpen(proof.id, accountId);
    return Promise.resolve(true);
  }
}
