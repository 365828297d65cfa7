import { Inject, Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder, RequestContext } from '@resetdesk/audit';
import { Clock, DataCipher, deriveKey, PasswordHasher, securityConfig, SecurityConfigType } from '@resetdesk/core';
import {
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  RecoveryCodeRepository,
  StaffEntity,
  StaffPrincipal,
  StaffRepository,
  StaffSessionRepository,
  staffActor,
} from '@resetdesk/staff';
import { DataSource } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';
import { ChangePasswordDto, LoginDto, ProfileDto, RecoveryCodesDto, TotpConfirmDto, TotpEnrollmentDto, TotpLoginDto } from './dto/auth.dto';
import { generateRecoveryCodes, hashRecoveryCode, RECOVERY_CODE_PATTERN } from './recovery-codes';
import { AccessTokenClaims, TokenService } from './token.service';
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

/** Staff sign-in, sessions and 2FA. Every outcome is audited in the transaction that changes state. */
@Injectable()
export class AuthService {
  private readonly recoveryKey: Buffer;

  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessionRepository,
    private readonly recoveryCodes: RecoveryCodeRepository,
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

  /** Password step. Unknown emails cost one argon2 verification too and answer exactly like a wrong password. */
  async signIn(dto: LoginDto, context: RequestContext): Promise<SignInResult> {
    const member = await this.staff.findByEmail(dto.email);
    if (!member || member.disabled) {
      await this.hasher.verifyDecoy(dto.password);
      await this.recordOnly({ type: 'anonymous', label: dto.email }, AuditAction.SignInFailed, context, member, {
        email: dto.email,
        reason: member ? 'disabled' : 'unknown email',
      });
      throw AuthException.invalidCredentials();
    }
    await this.refuseIfLocked(member, context);

    if (!(await this.hasher.verify(member.passwordHash, dto.password))) {
      await this.countFailure(member, context, 'wrong password');
      throw AuthException.invalidCredentials();
    }
    if (this.hasher.needsRehash(member.passwordHash)) {
      // Hash parameters were raised since this hash was made: upgrade it while the plain password is at hand.
      await this.staff.update(this.dataSource.manager, member.id, { passwordHash: await this.hasher.hash(dto.password) }, this.clock.now());
    }
    if (member.totpSecret) return { mfaRequired: true, mfaToken: await this.tokens.signMfa(member.id) };
    return { mfaRequired: false, session: await this.openSession(member, context, 'password') };
  }

  /** Second step: a TOTP code (never twice) or a single-use recovery code. */
  async completeTotp(dto: TotpLoginDto, context: RequestContext): Promise<IssuedSession> {
    const member = await this.staff.findById(await this.tokens.verifyMfa(dto.mfaToken));
    if (!member || member.disabled || !member.totpSecret) throw AuthException.invalidCredentials();
    await this.refuseIfLocked(member, context);

    const usedRecoveryCode = RECOVERY_CODE_PATTERN.test(dto.code) && !/^\d{6}$/.test(dto.code);
    const accepted = usedRecoveryCode
      ? await this.recoveryCodes.consume(member.id, hashRecoveryCode(this.recoveryKey, dto.code), this.clock.now())
      : await this.acceptTotp(member, member.totpSecret, dto.code);
    if (!accepted) {
      await this.countFailure(member, context, usedRecoveryCode ? 'wrong recovery code' : 'wrong TOTP code', AuditAction.TotpFailed);
      throw new AuthException(AuthErrorCode.InvalidTotp, 'That code is not valid; enter the current code from your authenticator app');
    }
    return this.openSession(member, context, usedRecoveryCode ? 'recovery code' : 'totp');
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
  async startEnrollment(principal: StaffPrincipal, context: RequestContext): Promise<TotpEnrollmentDto> {
    const member = await this.requireMember(principal.id);
    if (member.totpSecret) {
      throw new AuthException(AuthErrorCode.AlreadyEnrolled, 'Two-factor sign-in is already on; an admin can reset it if you lost your device');
    }
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
    if (!(await this.acceptTotp(member, secret, dto.code))) {
      await this.recordOnly(staffActor(member), AuditAction.TotpFailed, context, member, { during: 'enrollment' });
      throw new AuthException(AuthErrorCode.InvalidTotp, 'That code does not match; check the time on your phone and enter the current code');
    }
    const codes = generateRecoveryCodes();
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, member.id, { totpSecret: member.totpPendingSecret, totpPendingSecret: null }, now);
      await this.recoveryCodes.replace(manager, member.id, codes.map((code) => hashRecoveryCode(this.recoveryKey, code)), now);
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

  /** Changes one's own password and ends every session, this one included. */
  async changePassword(principal: StaffPrincipal, dto: ChangePasswordDto, context: RequestContext): Promise<void> {
    const member = await this.requireMember(principal.id);
    if (!(await this.hasher.verify(member.passwordHash, dto.currentPassword))) {
      throw new AuthException(AuthErrorCode.WrongCurrentPassword, 'currentPassword is not your current password');
    }
    const passwordHash = await this.hasher.hash(dto.newPassword);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await this.staff.update(manager, member.id, { passwordHash, passwordChangedAt: now }, now);
      await this.sessions.revokeAll(member.id, now, manager);
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.PasswordChanged,
        target: { type: 'staff', id: member.id },
        context,
        details: { by: 'self', signedOutEverywhere: true },
      });
    });
  }

  /** Turns verified access-token claims into the staff member, only while the session is live. */
  async resolvePrincipal(claims: AccessTokenClaims): Promise<StaffPrincipal | null> {
    if (claims.typ !== 'access' || !/^\d+$/.test(claims.sub) || typeof claims.sid !== 'string') return null;
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

  private async acceptTotp(member: StaffEntity, sealedOrPlainSecret: string, code: string): Promise<boolean> {
    const secret = sealedOrPlainSecret.startsWith('v1.') ? this.cipher.decrypt(sealedOrPlainSecret) : sealedOrPlainSecret;
    const step = await this.totp.verify(secret, code, {
      epochSeconds: Math.floor(this.clock.now().getTime() / 1000),
      afterTimeStep: member.totpLastStep,
    });
    // The conditional update makes concurrent uses of one code race to a single winner.
    return step !== null && (await this.staff.claimTotpStep(member.id, step));
  }

  private async refuseIfLocked(member: StaffEntity, context: RequestContext): Promise<void> {
    const now = this.clock.now();
    if (member.lockedUntil && member.lockedUntil > now) {
      await this.recordOnly(staffActor(member), AuditAction.SignInLocked, context, member, { lockedUntil: member.lockedUntil.toISOString() });
      const minutes = Math.ceil((member.lockedUntil.getTime() - now.getTime()) / 60_000);
      throw new AuthException(
        AuthErrorCode.Locked,
        `Too many failed sign-ins: this account is locked for ${minutes} more minute(s). Try again later or ask an admin to unlock it.`,
        { lockedUntil: member.lockedUntil.toISOString() },
      );
    }
  }

  /** One more failed attempt, atomically; the fifth locks for 15 minutes. */
  private async countFailure(member: StaffEntity, context: RequestContext, reason: string, action: AuditAction = AuditAction.SignInFailed) {
    const now = this.clock.now();
    const lockUntil = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    await this.dataSource.transaction(async (manager) => {
      await this.staff.recordFailedSignIn(manager, member.id, MAX_FAILED_SIGN_INS, lockUntil, now);
      const after = await this.staff.findById(member.id, manager);
      await this.audit.record(manager, {
        actor: { type: 'anonymous', label: member.email },
        action,
        target: { type: 'staff', id: member.id },
        context,
        details: { reason, failedSignIns: after?.failedLogins },
      });
      if (after && after.failedLogins === MAX_FAILED_SIGN_INS) {
        await this.audit.record(manager, {
          actor: { type: 'anonymous', label: member.email },
          action: AuditAction.SignInLocked,
          target: { type: 'staff', id: member.id },
          context,
          details: { lockedUntil: lockUntil.toISOString(), minutes: LOCKOUT_MINUTES },
        });
      }
    });
  }

  private async openSession(member: StaffEntity, context: RequestContext, method: string): Promise<IssuedSession> {
    const now = this.clock.now();
    const sessionId = this.tokens.newSessionId();
    const secret = this.tokens.newRefreshSecret();
    const expiresAt = new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
    await this.dataSource.transaction(async (manager) => {
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
      await this.staff.update(manager, member.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now }, now);
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.SignInSucceeded,
        target: { type: 'staff', id: member.id },
        context,
        details: { method, mfaEnrollmentRequired: this.enrollmentRequired(member) },
      });
    });
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
  private async recordOnly(actor: AuditActor, action: AuditAction, context: RequestContext, member: StaffEntity | null, details: Record<string, unknown>) {
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
