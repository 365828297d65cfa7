import { Inject, Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, DataCipher, deriveKey, RequestContext, securityConfig, SecurityConfigType, TotpService } from '@resetdesk/core';
import { authConfig, AuthConfigType } from './auth.config';
import { RecoveryCodeRepository, StaffDto, StaffEntity, StaffPrincipal, StaffRepository, StaffService, staffActor } from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';
import { ConfirmPasswordDto, RecoveryCodesDto, TotpConfirmDto, TotpEnrollmentDto } from './dto/auth.dto';
import { mfaEnrollmentRequired, mfaRequiredFor } from './mfa-requirement';
import { PasswordConfirmationService } from './password-confirmation.service';
import { generateRecoveryCodes, hashRecoveryCode, RECOVERY_CODE_PATTERN } from './recovery-codes';
import { requireSignedInMember } from './signed-in-member';

export type SecondFactorKind = 'totp' | 'recovery-code';

/** A second-factor code checked at sign-in. */
export interface SecondFactorCheck {
  kind: SecondFactorKind;
  /**
   * Null when the code is wrong. Otherwise spends it inside the session's
   * transaction, so it never works twice: false when a concurrent use won.
   */
  spend: ((manager: EntityManager) => Promise<boolean>) | null;
}

/** The member's two-factor state as their profile shows it. */
export interface TwoFactorStatus {
  totpEnabled: boolean;
  mfaRequired: boolean;
  mfaEnrollmentRequired: boolean;
  recoveryCodesLeft: number;
}

/**
 * Staff two-factor sign-in: enrollment (a TOTP secret encrypted at rest,
 * confirmed with a first code, then ten recovery codes), the code check of
 * the sign-in's second step, and an admin's reset. A TOTP code's time step is
 * claimed when it is used, so no code works twice (RFC 6238 replay rule).
 */
@Injectable()
export class TwoFactorService {
  private readonly recoveryKey: Buffer;

  constructor(
    private readonly staff: StaffRepository,
    private readonly recoveryCodes: RecoveryCodeRepository,
    private readonly staffAdmin: StaffService,
    private readonly passwords: PasswordConfirmationService,
    private readonly totp: TotpService,
    private readonly cipher: DataCipher,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(authConfig.KEY) private readonly config: AuthConfigType,
    @Inject(securityConfig.KEY) security: SecurityConfigType,
  ) {
    this.recoveryKey = deriveKey(security.dataKey, 'recovery-codes');
  }

  async status(member: StaffEntity): Promise<TwoFactorStatus> {
    return {
      totpEnabled: member.totpEnabled,
      mfaRequired: mfaRequiredFor(member, this.config),
      mfaEnrollmentRequired: mfaEnrollmentRequired(member, this.config),
      recoveryCodesLeft: member.totpEnabled ? await this.recoveryCodes.countUnused(member.id) : 0,
    };
  }

  /** Issues a new secret to confirm; until confirmed, sign-in does not ask for codes. */
  async startEnrollment(principal: StaffPrincipal, dto: ConfirmPasswordDto, context: RequestContext): Promise<TotpEnrollmentDto> {
    const member = await requireSignedInMember(this.staff, principal.id);
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
    const member = await requireSignedInMember(this.staff, principal.id);
    if (member.totpSecret) throw new AuthException(AuthErrorCode.AlreadyEnrolled, 'Two-factor sign-in is already on');
    if (!member.totpPendingSecret) {
      throw new AuthException(AuthErrorCode.NoEnrollment, 'Start enrollment first (POST /api/auth/totp/enroll)');
    }
    const secret = this.cipher.decrypt(member.totpPendingSecret);
    const step = await this.totpStep(member, secret, dto.code);
    if (step === null || !(await this.staff.claimTotpStep(this.dataSource.manager, member.id, step))) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          actor: staffActor(member),
          action: AuditAction.TotpFailed,
          target: { type: 'staff', id: member.id },
          context,
          details: { during: 'enrollment' },
        }),
      );
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

  /**
   * The sign-in's second step: a TOTP code of a time step after the last one
   * used, or an unused recovery code. Checking spends nothing; the caller
   * spends the code in the transaction that opens the session.
   */
  async check(member: StaffEntity, code: string): Promise<SecondFactorCheck> {
    const now = this.clock.now();
    if (RECOVERY_CODE_PATTERN.test(code) && !/^\d{6}$/.test(code)) {
      const codeHash = hashRecoveryCode(this.recoveryKey, code);
      if (!(await this.recoveryCodes.isUnused(member.id, codeHash))) return { kind: 'recovery-code', spend: null };
      return { kind: 'recovery-code', spend: (manager) => this.recoveryCodes.consume(manager, member.id, codeHash, now) };
    }
    const step = member.totpSecret ? await this.totpStep(member, member.totpSecret, code) : null;
    if (step === null) return { kind: 'totp', spend: null };
    return { kind: 'totp', spend: (manager) => this.staff.claimTotpStep(manager, member.id, step) };
  }

  /** An admin turns off another member's 2FA after typing their own password again. */
  async resetMemberTotp(actor: StaffPrincipal, id: number, dto: ConfirmPasswordDto, context: RequestContext): Promise<StaffDto> {
    await this.passwords.confirm(actor, await requireSignedInMember(this.staff, actor.id), dto.password, 'password', context);
    return this.staffAdmin.resetTotp(actor, id, context);
  }

  /** The time step a code belongs to, or null; claiming the step (so the code never works twice) is the caller's. */
  private async totpStep(member: StaffEntity, sealedOrPlainSecret: string, code: string): Promise<number | null> {
    const secret = sealedOrPlainSecret.startsWith('v1.') ? this.cipher.decrypt(sealedOrPlainSecret) : sealedOrPlainSecret;
    return this.totp.verify(secret, code, {
      epochSeconds: Math.floor(this.clock.now().getTime() / 1000),
      afterTimeStep: member.totpLastStep,
    });
  }
}
