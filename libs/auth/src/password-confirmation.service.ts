import { Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, PasswordHasher, RequestContext } from '@resetdesk/core';
import { StaffEntity, StaffPrincipal, StaffSessionRepository, staffActor } from '@resetdesk/staff';
import { DataSource } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';
import { RefusedTry, SignInAttemptsService } from './sign-in-attempts.service';

/** Asks a signed-in member for their password again, with the same throttling as sign-in. */
@Injectable()
export class PasswordConfirmationService {
  constructor(
    private readonly attempts: SignInAttemptsService,
    private readonly sessions: StaffSessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Re-checks a signed-in member's password (own password change, 2FA
   * enrollment, an admin's 2FA reset). The tries count with sign-in's; a
   * guesser who uses up this address's tries loses the session they hold.
   */
  async confirm(principal: StaffPrincipal, member: StaffEntity, password: string, field: string, context: RequestContext): Promise<void> {
    const wrong = () => new AuthException(AuthErrorCode.WrongCurrentPassword, `${field} is not your current password`);
    const attempt = await this.attempts.reservePassword(member, context);
    if (!attempt) {
      await this.attempts.recordThrottled(member, 'password', context);
      throw await this.endSession(principal, context);
    }
    if (!(await this.hasher.verify(member.passwordHash, password))) {
      const locked = await this.attempts.fail(attempt, context, AuditAction.SignInFailed, `wrong ${field} while signed in`);
      if (locked) throw await this.endSession(principal, context);
      throw wrong();
    }
    try {
      await this.dataSource.transaction(async (manager) => {
        if (!(await this.attempts.accept(manager, attempt))) throw new RefusedTry('correct password inside a burst of tries');
      });
    } catch (error) {
      if (!(error instanceof RefusedTry)) throw error;
      await this.attempts.fail(attempt, context, AuditAction.SignInRefused, error.reason);
      throw wrong();
    }
  }

  private async endSession(principal: StaffPrincipal, context: RequestContext): Promise<AuthException> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(principal.sessionId, this.clock.now(), manager);
      await this.audit.record(manager, {
        actor: staffActor(principal),
        action: AuditAction.SignOut,
        target: { type: 'staff', id: principal.id },
        context,
        details: { reason: 'too many wrong passwords while signed in', sessionId: principal.sessionId },
      });
    });
    return new AuthException(AuthErrorCode.SessionEnded, 'Too many wrong passwords: you have been signed out. Sign in again');
  }
}
