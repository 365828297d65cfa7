import { Inject, Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder, RequestContext } from '@resetdesk/audit';
import { Clock, DataCipher, deriveKey, PasswordHasher, securityConfig, SecurityConfigType } from '@resetdesk/core';
import {
  MfaChallengeRepository,
  RecoveryCodeRepository,
  StaffDto,
  StaffEntity,
  StaffPrincipal,
  StaffRepository,
  StaffService,
  StaffSessionRepository,
  staffActor,
} from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';
import {
  ChangePasswordDto,
  ConfirmPasswordDto,
  LoginDto,
  ProfileDto,
  RecoveryCodesDto,
  TotpConfirmDto,
  TotpEnrollmentDto,
  TotpLoginDto,
} from './dto/auth.dto';
import { generateRecoveryCodes, hashRecoveryCode, RECOVERY_CODE_PATTERN } from './recovery-codes';
import { PasswordConfirmationService } from './password-confirmation.service';
import { RefusedTry, ReservedTry, SignInAttemptsService } from './sign-in-attempts.service';
import { AccessTokenClaims, MFA_TOKEN_TTL_SECONDS, TokenService } from './token.service';
import { TotpService } from './totp.service';

export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  /** `<sessionId>.<secret>`: goes only into the httpOnly refresh cookie. */
  refreshToken: string;
  refreshMaxAgeSeconds: number;
  mfaEnrollmentRequired: boolean;
}

export type SignInResult = { mfaRequired: true; mfaToken: string } | { mfaRequired: false; session: IssuedSession };

/** What finishing a try still has to win inside the session's transaction (a single-use token, a code); null when it won. */
type FinalClaim = (manager: EntityManager) => Promise<string | null>;

const invalidTotp = () =>
  new AuthException(AuthErrorCode.InvalidTotp, 'That code is not valid; enter the current code from your authenticator app');

/** Staff sign-in, sessions and 2FA. Every outcome is audited in the transaction that changes state. */
@Injectable()
export class AuthService {
  private readonly recoveryKey: Buffer;

  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessionRepository,
    private readonly recoveryCodes: RecoveryCodeRepository,
    private readonly mfaChallenges: MfaChallengeRepository,
    private readonly staffAdmin: StaffService,
    private readonly attempts: SignInAttemptsService,
    private readonly passwords: PasswordConfirmationService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly totp: TotpService,
    private readonly cipher: DataCipher,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(securityConfig.KEY) private readonly config: SecurityConfigType,
  ) {
    this.recoveryKey = deriveKey(config.dataKey, 'recovery-codes');
  }

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

    const usedRecoveryCode = RECOVERY_CODE_PATTERN.test(dto.code) && !/^\d{6}$/.test(dto.code);
    let spendCode: FinalClaim;
    if (usedRecoveryCode) {
      const codeHash = hashRecoveryCode(this.recoveryKey, dto.code);
      if (!(await this.recoveryCodes.isUnused(member.id, codeHash))) {
        await this.attempts.fail(attempt, context, AuditAction.TotpFailed, 'wrong recovery code');
        throw invalidTotp();
      }
      spendCode = async (manager) =>
        (await this.recoveryCodes.consume(manager, member.id, codeHash, now)) ? null : 'recovery code used meanwhile';
    } else {
      const step = await this.totpStep(member, member.totpSecret, dto.code);
      if (step === null) {
        await this.attempts.fail(attempt, context, AuditAction.TotpFailed, 'wrong TOTP code');
        throw invalidTotp();
      }
      spendCode = async (manager) => ((await this.staff.claimTotpStep(manager, member.id, step)) ? null : 'TOTP code used meanwhile');
    }
    const claim: FinalClaim = async (manager) =>
      (await this.mfaChallenges.claim(manager, challengeId, member.id, now)) ? spendCode(manager) : 'mfaToken used meanwhile';
    return this.openSession(member, context, usedRecoveryCode ? 'recovery code' : 'totp', attempt, invalidTotp, claim);
  }

  /** Swaps a refresh token for a new access token and a new refresh token. Presenting a rotated-out one ends every session. */
  async refresh(refreshToken: string | undefined, context: RequestContext): Promise<IssuedSession> {
    const invalid = new AuthException(AuthErrorCode.InvalidRefresh, 'Your session has ended; sign in again');
    const [sessionId, secret] = (refreshToken ?? '').split('.');
    if (!sessionId || !secret || !/^[0-9a-f]{32}$/.test(sessionId)) throw invalid;
    const now = this.clock.now();
    const active = await this.sessions.findActive(sessionId, now);
    if (!active || active.staff.disabled) throw invalid;

    const nextSecret = this.tokens.newRefreshSecret();
    if (!(await this.sessions.rotate(sessionId, this.tokens.hashRefreshSecret(secret), this.tokens.hashRefreshSecret(nextSecret), now))) {
      // The presented secret was already rotated: someone else holds a copy. End every session of this member.
      await this.dataSource.transaction(async (manager) => {
        await this.sessions.revokeAll(active.staff.id, now, manager);
        await this.audit.record(manager, {
          actor: staffActor(active.staff),
          action: AuditAction.SessionRefreshReused,
          target: { type: 'staff', id: active.staff.id },
          context,
          details: { sessionId, signedOutEverywhere: true },
        });
      });
      throw invalid;
    }
    return this.issue(active.staff, sessionId, nextSecret, active.session.expiresAt);
  }

  async signOut(principal: StaffPrincipal, context: RequestContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const revoked = await this.sessions.revokeAll(principal.id, this.clock.now(), manager);
      await this.audit.record(manager, {
        actor: staffActor(principal),
        action: AuditAction.SignOut,
        target: { type: 'staff', id: principal.id },
        context,
        details: { sessionsEnded: revoked },
      });
    });
  }

  async profile(principal: StaffPrincipal): Promise<ProfileDto> {
    const member = await this.requireMember(principal.id);
    return {
      id: member.id,
      email: member.email,
      name: member.name,
      role: member.role,
      totpEnabled: member.totpEnabled,
      mfaRequired: this.mfaRequiredFor(member),
      mfaEnrollmentRequired: this.enrollmentRequired(member),
      recoveryCodesLeft: member.totpEnabled ? await this.recoveryCodes.countUnused(member.id) : 0,
    };
  }

  /** Issues a new secret to confirm; until confirmed, sign-in does not ask for codes. */
  async startEnrollment(principal: StaffPrincipal, dto: ConfirmPasswordDto, context: RequestContext): Promise<TotpEnrollmentDto> {
    const member = await this.requireMember(principal.id);
    if (member.totpSecret) {
      throw new AuthException(
        AuthErrorCode.AlreadyEnrolled,
        'Two-factor sign-in is already on; an admin can reset it if you lost your device',
      );
    }
    // A borrowed session must not be enough to bind its holder's authenticator to the account.
    await this.passwords.confirm(principal, member, dto.password, 'password', context);
    const secret = this.totp.generateSecret();
    const otpauthUri = this.totp.otpauthUri(secret, member.email);
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, member.id, { totpPendingSecret: this.cipher.encrypt(secret) }, this.clock.now());
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.TotpEnrollmentStarted,
        target: { type: 'staff', id: member.id },
        context,
      });
    });
    return { secret, otpauthUri, qrCodeDataUrl: await this.totp.qrCodeDataUrl(otpauthUri) };
  }

  /** Turns 2FA on with the first valid code and hands out the recovery codes, once. */
  async confirmEnrollment(principal: StaffPrincipal, dto: TotpConfirmDto, context: RequestContext): Promise<RecoveryCodesDto> {
    const member = await this.requireMember(principal.id);
    if (member.totpSecret) throw new AuthException(AuthErrorCode.AlreadyEnrolled, 'Two-factor sign-in is already on');
    if (!member.totpPendingSecret) {
      throw new AuthException(AuthErrorCode.NoEnrollment, 'Start enrollment first (POST /api/auth/totp/enroll)');
    }
    const secret = this.cipher.decrypt(member.totpPendingSecret);
    const step = await this.totpStep(member, secret, dto.code);
    if (step === null || !(await this.staff.claimTotpStep(this.dataSource.manager, member.id, step))) {
      await this.recordOnly(staffActor(member), AuditAction.TotpFailed, context, member, { during: 'enrollment' });
      throw new AuthException(
        AuthErrorCode.InvalidTotp,
        'That code does not match; check the time on your phone and enter the current code',
      );
    }
    const codes = generateRecoveryCodes();
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, member.id, { totpSecret: member.totpPendingSecret, totpPendingSecret: null }, now);
      await this.recoveryCodes.replace(
        manager,
        member.id,
        codes.map((code) => hashRecoveryCode(this.recoveryKey, code)),
        now,
      );
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.TotpConfirmed,
        target: { type: 'staff', id: member.id },
        context,
        details: { recoveryCodesIssued: codes.length },
      });
    });
    return { recoveryCodes: codes };
  }

  /** Changes one's own password and ends every session, this one included, and every open mfaToken. */
  async changePassword(principal: StaffPrincipal, dto: ChangePasswordDto, context: RequestContext): Promise<void> {
    const member = await this.requireMember(principal.id);
    this.staffAdmin.assertAcceptablePassword('newPassword', dto.newPassword, member);
    await this.passwords.confirm(principal, member, dto.currentPassword, 'currentPassword', context);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, member.id, { passwordHash, passwordChangedAt: now }, now);
      await this.sessions.revokeAll(member.id, now, manager);
      await this.mfaChallenges.endAll(manager, member.id, now);
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.PasswordChanged,
        target: { type: 'staff', id: member.id },
        context,
        details: { by: 'self', signedOutEverywhere: true },
      });
    });
  }

  /** An admin turns off another member's 2FA after typing their own password again. */
  async resetMemberTotp(actor: StaffPrincipal, id: number, dto: ConfirmPasswordDto, context: RequestContext): Promise<StaffDto> {
    await this.passwords.confirm(actor, await this.requireMember(actor.id), dto.password, 'password', context);
    return this.staffAdmin.resetTotp(actor, id, context);
  }

  /** Turns verified access-token claims into the staff member, only while the session is live. */
  async resolvePrincipal(claims: AccessTokenClaims): Promise<StaffPrincipal | null> {
    if (claims.typ !== 'access' || !/^\d+$/.test(claims.sub) || typeof claims.sid !== 'string' || typeof claims.exp !== 'number')
      return null;
    const staff = await this.sessions.findActiveStaff(claims.sid, this.clock.now());
    if (!staff || staff.disabled || String(staff.id) !== claims.sub) return null;
    return {
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      sessionId: claims.sid,
      mfaEnrollmentRequired: this.enrollmentRequired(staff),
    };
  }

  private mfaRequiredFor(member: StaffEntity): boolean {
    return this.config.mfaRequiredRoles.includes(member.role);
  }

  private enrollmentRequired(member: StaffEntity): boolean {
    return this.mfaRequiredFor(member) && !member.totpSecret;
  }

  /** The time step a code belongs to, or null; claiming the step (so the code never works twice) is the caller's. */
  private async totpStep(member: StaffEntity, sealedOrPlainSecret: string, code: string): Promise<number | null> {
    const secret = sealedOrPlainSecret.startsWith('v1.') ? this.cipher.decrypt(sealedOrPlainSecret) : sealedOrPlainSecret;
    return this.totp.verify(secret, code, {
      epochSeconds: Math.floor(this.clock.now().getTime() / 1000),
      afterTimeStep: member.totpLastStep,
    });
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
   * Opens a session for a try whose secret was right. The counters accept
   * it (and `claim` spends what it used) in the session's own transaction,
   * so a refusal rolls everything back and counts the try as failed instead.
   */
  private async openSession(
    member: StaffEntity,
    context: RequestContext,
    method: string,
    attempt: ReservedTry,
    refusal: () => AuthException,
    claim?: FinalClaim,
  ): Promise<IssuedSession> {
    const now = this.clock.now();
    const sessionId = this.tokens.newSessionId();
    const secret = this.tokens.newRefreshSecret();
    const expiresAt = new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
    try {
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.attempts.accept(manager, attempt))) throw new RefusedTry('correct secret inside a burst of tries');
        const lost = claim ? await claim(manager) : null;
        if (lost) throw new RefusedTry(lost);
        // The staff row first, then the session row whose foreign key reads it: one lock order for every sign-in.
        await this.staff.update(
          manager,
          member.id,
          { ...(attempt.kind === 'password' ? { failedLogins: 0, lockedUntil: null } : {}), lastLoginAt: now },
          now,
        );
        await this.sessions.insert(manager, {
          id: sessionId,
          staffId: member.id,
          refreshHash: this.tokens.hashRefreshSecret(secret),
          createdAt: now,
          lastUsedAt: now,
          expiresAt,
          revokedAt: null,
          ip: context.ip?.slice(0, 45) ?? null,
          userAgent: context.userAgent?.slice(0, 512) ?? null,
        });
        const sessionsEnded = await this.sessions.revokeOldest(manager, member.id, this.config.maxSessionsPerMember, now);
        await this.audit.record(manager, {
          actor: staffActor(member),
          action: AuditAction.SignInSucceeded,
          target: { type: 'staff', id: member.id },
          context,
          details: {
            method,
            mfaEnrollmentRequired: this.enrollmentRequired(member),
            ...(sessionsEnded > 0 ? { oldestSessionsEnded: sessionsEnded } : {}),
          },
        });
      });
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
    return this.issue(member, sessionId, secret, expiresAt);
  }

  private async issue(member: StaffEntity, sessionId: string, secret: string, expiresAt: Date): Promise<IssuedSession> {
    return {
      accessToken: await this.tokens.signAccess(member.id, sessionId),
      expiresIn: this.tokens.accessTtlSeconds,
      refreshToken: `${sessionId}.${secret}`,
      refreshMaxAgeSeconds: Math.max(0, Math.floor((expiresAt.getTime() - this.clock.now().getTime()) / 1000)),
      mfaEnrollmentRequired: this.enrollmentRequired(member),
    };
  }

  /** Audits an outcome that changes nothing else (its own small transaction). */
  private async recordOnly(
    actor: AuditActor,
    action: AuditAction,
    context: RequestContext,
    member: StaffEntity | null,
    details: Record<string, unknown>,
  ) {
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, { actor, action, target: member ? { type: 'staff', id: member.id } : undefined, context, details }),
    );
  }

  private async requireMember(id: number): Promise<StaffEntity> {
    const member = await this.staff.findById(id);
    if (!member || member.disabled) throw new AuthException(AuthErrorCode.SessionEnded, 'Your session has ended; sign in again');
    return member;
  }
}
