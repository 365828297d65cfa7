import { Injectable } from '@nestjs/common';
import {
  accountActor,
  AccountEntity,
  AccountsRepository,
  CurrentPasswordRefused,
  PasswordCheckTokens,
  PasswordSetter,
} from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RateLimit, RateLimiter, RequestContext } from '@resetdesk/core';
import { ResetCompletion } from '@resetdesk/resets';
import { DataSource } from 'typeorm';
import { CurrentCredentialsDto, HolderPasswordChangeDto } from './dto/change-password.dto';
import { PasswordCheckGrantDto } from './dto/password-check.dto';
import { SelfServiceErrorCode, SelfServiceException } from './self-service.exception';
import { enforceLimit } from './self-service.limits';

const WRONG = 'The username or current password is wrong';

/** Attempts per username (known or not) in 15 minutes: counted atomically before any hashing, so parallel guesses cannot slip past. */
export const CHANGE_PASSWORD_ATTEMPTS: RateLimit = { bucket: 'change-password:attempts', limit: 5, windowSeconds: 900 };
/** And per account, whichever spelling of its name found it. */
export const CHANGE_PASSWORD_ACCOUNT_ATTEMPTS: RateLimit = { bucket: 'change-password:account', limit: 5, windowSeconds: 900 };

/**
 * "Change password" on the portal: username, current password, new one.
 * The current password may be expired (the usual must-change flow) or a
 * temporary one from support (within its 24 hours). Unknown usernames cost
 * the same argon2 verification and get the same answer as a wrong password.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordSetter,
    private readonly limiter: RateLimiter,
    private readonly completion: ResetCompletion,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly checkTokens: PasswordCheckTokens,
  ) {}

  /**
   * The page's first step: the same proof as the change itself (and counted
   * under the same limits), answered with what lets the page show this
   * account's own rules while the holder picks the new password.
   */
  async verify(dto: CurrentCredentialsDto, context: RequestContext): Promise<PasswordCheckGrantDto> {
    const account = await this.prove(dto, context);
    return this.checkTokens.issue(account, { kind: 'current-password' });
  }

  async change(dto: HolderPasswordChangeDto, context: RequestContext): Promise<void> {
    if (dto.newPassword !== dto.confirmPassword)
      throw new SelfServiceException(SelfServiceErrorCode.Mismatch, 'newPassword and confirmPassword are not the same');
    const account = await this.prove(dto, context);
    const now = this.clock.now();
    const inDirectory = this.passwords.store !== 'local';
    try {
      await this.passwords.setPassword(account, dto.newPassword, {
        actor: accountActor(account),
        context,
        reason: 'change',
        // The directory makes the change as the holder, applying its own history and age rules.
        currentPassword: inDirectory ? dto.currentPassword : undefined,
        alsoInTransaction: async (manager) => {
          await this.completion.complete(manager, account, now, context);
        },
      });
    } catch (error) {
      if (!(error instanceof CurrentPasswordRefused)) throw error;
      await this.refused(account, 'wrong-current-password', context);
      throw new SelfServiceException(SelfServiceErrorCode.WrongCredentials, WRONG);
    }
  }

  /**
   * Limits, then the current password, then what may still stop it: the account, or a wrong or spent proof as one 401.
   * Also the proof the portal asks for before a holder changes how they are verified (`proveSettled`).
   */
  async prove(dto: CurrentCredentialsDto, context: RequestContext): Promise<AccountEntity> {
    const tooMany = (wait: number) => `Too many attempts for this username; try again in ${Math.ceil(wait / 60)} min`;
    await enforceLimit(this.limiter, CHANGE_PASSWORD_ATTEMPTS, dto.username, tooMany);
    const account = await this.accounts.findByUsername(dto.username);
    // Unknown names count under the name, so both paths make the same calls.
    await enforceLimit(
      this.limiter,
      CHANGE_PASSWORD_ACCOUNT_ATTEMPTS,
      account ? `account:${account.id}` : `unknown:${dto.username}`,
      tooMany,
    );
    // Proof of the current password comes before anything else is said about the account (its policy, a
    // temporary password's age, a lockout): argon2 here, a bind as the holder with a directory.
    if (!account || account.status === 'disabled') {
      await this.passwords.verifyDecoy(dto.currentPassword);
      throw new SelfServiceException(SelfServiceErrorCode.WrongCredentials, WRONG);
    }
    if (!(await this.passwords.proveCurrentPassword(account, dto.currentPassword))) {
      await this.refused(account, 'wrong-current-password', context);
      throw new SelfServiceException(SelfServiceErrorCode.WrongCredentials, WRONG);
    }
    const now = this.clock.now();
    if (account.mustChangePassword && account.passwordExpiresAt && account.passwordExpiresAt <= now) {
      await this.refused(account, 'temporary-password-expired', context);
      throw new SelfServiceException(
        SelfServiceErrorCode.TemporaryExpired,
        'The temporary password has expired (it works 24 hours); ask support for a new one',
      );
    }
    return account;
  }

  /**
   * `prove`, and a password of the holder's own: a temporary or expired one is not enough to change how the holder is
   * verified (whoever talked support into a reset must not also set up the app or address that verifies them next).
   */
  async proveSettled(dto: CurrentCredentialsDto, context: RequestContext, then: string): Promise<AccountEntity> {
    const account = await this.prove(dto, context);
    if (account.mustChangePassword) {
      throw new SelfServiceException(
        SelfServiceErrorCode.PasswordChangeFirst,
        `Choose a new password first (Change password), then ${then}`,
      );
    }
    return account;
  }

  private async refused(account: AccountEntity, reason: string, context: RequestContext): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        actor: { type: 'anonymous', id: null, label: null },
        action: AuditAction.PasswordChangeRefused,
        target: { type: 'account', id: account.id },
        accountId: account.id,
        context,
        details: { reason },
      }),
    );
  }
}
