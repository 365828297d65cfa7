import { Injectable } from '@nestjs/common';
import { PasswordCheckTokens, PasswordSetter } from '@resetdesk/accounts';
import { RateLimit, RateLimiter } from '@resetdesk/core';
import { HolderPasswordCheckDto, HolderPasswordVerdictDto } from './dto/password-check.dto';
import { SelfServiceErrorCode, SelfServiceException } from './self-service.exception';
import { enforceLimit } from './self-service.limits';

/** Checks per account in 15 minutes: a page checks as the holder types, and each check may cost argon2 comparisons. */
export const PASSWORD_CHECK_ACCOUNT: RateLimit = { bucket: 'password-check:account', limit: 300, windowSeconds: 900 };

/**
 * The portal's live checklist for an identified account: the verdict
 * `PasswordSetter` itself would give (the account's policy, its history),
 * so what the page shows green is what the server accepts.
 */
@Injectable()
export class HolderPasswordCheck {
  constructor(
    private readonly tokens: PasswordCheckTokens,
    private readonly passwords: PasswordSetter,
    private readonly limiter: RateLimiter,
  ) {}

  async check(dto: HolderPasswordCheckDto): Promise<HolderPasswordVerdictDto> {
    const account = await this.tokens.account(dto.checkToken);
    if (!account) {
      throw new SelfServiceException(
        SelfServiceErrorCode.CheckExpired,
        'This page has been open too long or the password has changed since; start again',
      );
    }
    await enforceLimit(
      this.limiter,
      PASSWORD_CHECK_ACCOUNT,
      `account:${account.id}`,
      (wait) => `Too many checks for this account; try again in ${Math.ceil(wait / 60)} min`,
    );
    return this.passwords.verdict(account, dto.password);
  }
}
