import { Injectable } from '@nestjs/common';
import { AuditAction } from '@resetdesk/audit';
import { Clock, PasswordHasher, RequestContext } from '@resetdesk/core';
import { MfaChallengeRepository, SessionMethod, StaffEntity, StaffRepository } from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';
import { LoginDto, TotpLoginDto } from './dto/auth.dto';
import { IssuedSession, SessionService } from './session.service';
import { RefusedTry, ReservedTry, SignInAttemptsService } from './sign-in-attempts.service';
import { MFA_TOKEN_TTL_SECONDS, TokenService } from './token.service';
import { TwoFactorService } from './two-factor.service';

export type SignInResult = { mfaRequired: true; mfaToken: string } | { mfaRequired: false; session: IssuedSession };

/** What finishing a try still has to win inside the session's transaction (a single-use token, a code); null when it won. */
type FinalClaim = (manager: EntityManager) => Promise<string | null>;

const invalidTotp = () =>
  new AuthException(AuthErrorCode.InvalidTotp, 'That code is not valid; enter the current code from your authenticator app');

/**
 * Staff sign-in with email and password, and its second step (a TOTP or
 * recovery code) for members who use 2FA. Every try is throttled and locked
 * out by SignInAttemptsService before any secret is evaluated; a right one
 * ends in SessionService.open like every other sign-in method.
 */
@Injectable()
export class PasswordSignInService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly mfaChallenges: MfaChallengeRepository,
    private readonly attempts: SignInAttemptsService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly twoFactor: TwoFactorService,
    private readonly sessions: SessionService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Password step. Unknown, disabled, paused and wrong all answer the same
   * 401 after one argon2 verification each, so none of them can be told apart.
   */
  async signIn(dto: LoginDto, context: RequestContext): Promise<SignInResult> {
    const member = await this.staff.findByEmail(dto.email);
    if (!member || member.disabled) {
      await this.hasher.verifyDecoy(dto.password);
      await this.attempts.rejectUnknown(dto.email, member, context);
      throw AuthException.invalidCredentials();
    }
    const attempt = await this.attempts.reservePassword(member, context);
    if (!attempt) {
      await this.hasher.verifyDecoy(dto.password);
      await this.attempts.recordThrottled(member, 'password', context);
      throw AuthException.invalidCredentials();
    }
    if (!(await this.hasher.verify(member.passwordHash, dto.password))) {
      await this.attempts.fail(attempt, context, AuditAction.SignInFailed, 'wrong password');
      throw AuthException.invalidCredentials();
    }
    if (this.hasher.needsRehash(member.passwordHash)) {
      // Hash parameters were raised since this hash was made: upgrade it while the plain password is at hand.
      await this.staff.update(this.dataSource.manager, member.id, { passwordHash: await this.hasher.hash(dto.password) }, this.clock.now());
    }
    if (member.totpSecret) return { mfaRequired: true, mfaToken: await this.passwordStepPassed(member, attempt, context) };
    return { mfaRequired: false, session: await this.openSession(member, context, 'password', attempt, AuthException.invalidCredentials) };
  }

  /** Second step: a TOTP code (never twice) or a single-use recovery code, with an mfaToken that works once. */
  async completeTotp(dto: TotpLoginDto, context: RequestContext): Promise<IssuedSession> {
    const { staffId, challengeId } = await this.tokens.verifyMfa(dto.mfaToken);
    const member = await this.staff.findById(staffId);
    if (!member || member.disabled || !member.totpSecret) throw AuthException.invalidCredentials();
    const now = this.clock.now();
    if (!(await this.mfaChallenges.findOpen(challengeId, member.id, now))) {
      throw new AuthException(
        AuthErrorCode.InvalidMfaToken,
        'This sign-in step was already used or has ended; enter your email and password again',
      );
    }
    const attempt = await this.attempts.reserveSecondFactor(member, context);
    if (!attempt) {
      await this.attempts.recordThrottled(member, 'second-factor', context);
      throw invalidTotp();
    }

    const { kind, spend } = await this.twoFactor.check(member, dto.code);
    const name = kind === 'recovery-code' ? 'recovery code' : 'TOTP code';
    if (!spend) {
      await this.attempts.fail(attempt, context, AuditAction.TotpFailed, `wrong ${name}`);
      throw invalidTotp();
    }
    const claim: FinalClaim = async (manager) => {
      if (!(await this.mfaChallenges.claim(manager, challengeId, member.id, now))) return 'mfaToken used meanwhile';
      return (await spend(manager)) ? null : `${name} used meanwhile`;
    };
    const method: SessionMethod = kind === 'recovery-code' ? 'password+recovery-code' : 'password+totp';
    return this.openSession(member, context, method, attempt, invalidTotp, claim);
  }

  /** The password was right and the member uses 2FA: the try is accepted and a single-use challenge issued, in one transaction. */
  private async passwordStepPassed(member: StaffEntity, attempt: ReservedTry, context: RequestContext): Promise<string> {
    const now = this.clock.now();
    const challengeId = this.tokens.newSessionId();
    try {
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.attempts.accept(manager, attempt))) throw new RefusedTry('correct password inside a burst of tries');
        await this.staff.update(manager, member.id, { failedLogins: 0, lockedUntil: null }, now);
        await this.mfaChallenges.insert(manager, {
          id: challengeId,
          staffId: member.id,
          createdAt: now,
          expiresAt: new Date(now.getTime() + MFA_TOKEN_TTL_SECONDS * 1000),
          usedAt: null,
        });
      });
    } catch (error) {
      if (!(error instanceof RefusedTry)) throw error;
      await this.attempts.fail(attempt, context, AuditAction.SignInRefused, error.reason);
      throw AuthException.invalidCredentials();
    }
    return this.tokens.signMfa(member.id, challengeId);
  }

  /**
   * Opens the session of a try whose secret was right. The counters accept
   * it (and `claim` spends what it used) in the session's own transaction,
   * so a refusal rolls everything back and counts the try as failed instead.
   */
  private async openSession(
    member: StaffEntity,
    context: RequestContext,
    method: SessionMethod,
    attempt: ReservedTry,
    refusal: () => AuthException,
    claim?: FinalClaim,
  ): Promise<IssuedSession> {
    const prepare = async (manager: EntityManager) => {
      if (!(await this.attempts.accept(manager, attempt))) throw new RefusedTry('correct secret inside a burst of tries');
      const lost = claim ? await claim(manager) : null;
      if (lost) throw new RefusedTry(lost);
    };
    try {
      return await this.sessions.open(member, { method, prepare, clearsPasswordFailures: attempt.kind === 'password' }, context);
    } catch (error) {
      if (!(error instanceof RefusedTry)) throw error;
      await this.attempts.fail(
        attempt,
        context,
        attempt.kind === 'password' ? AuditAction.SignInRefused : AuditAction.TotpFailed,
        error.reason,
      );
      throw refusal();
    }
  }
}
