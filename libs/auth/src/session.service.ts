import { Inject, Injectable } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RequestContext } from '@resetdesk/core';
import { authConfig, AuthConfigType } from './auth.config';
import {
  MfaChallengeRepository,
  SessionMethod,
  StaffEntity,
  StaffPrincipal,
  StaffRepository,
  SessionLiveness,
  StaffSessionRepository,
  staffActor,
} from '@resetdesk/staff';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from './auth.exception';
import { mfaEnrollmentRequired } from './mfa-requirement';
import { AccessTokenClaims, TokenService } from './token.service';

export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  /** `<sessionId>.<secret>`: goes only into the httpOnly refresh cookie. */
  refreshToken: string;
  refreshMaxAgeSeconds: number;
  mfaEnrollmentRequired: boolean;
}

/** How a sign-in that proved who the member is opens their session. */
export interface SessionOpening {
  /** What the sign-in proved; stored on the session row and in its `auth.sign_in.succeeded` event. */
  method: SessionMethod;
  /**
   * Runs first in the session's transaction: what the sign-in still has to win there (its accepted
   * try, a single-use token or code). Throwing rolls the whole session back.
   */
  prepare?: (manager: EntityManager) => Promise<void>;
  /** A password sign-in clears the member's failed-password counter and pause with the session. */
  clearsPasswordFailures?: boolean;
}

/**
 * Staff sessions: every sign-in method ends in `open`; refresh rotates the
 * refresh secret, sign-out and a reused refresh token end them, and every
 * signed-in request resolves its principal through a live session row.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessionRepository,
    private readonly liveness: SessionLiveness,
    private readonly mfaChallenges: MfaChallengeRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(authConfig.KEY) private readonly config: AuthConfigType,
  ) {}

  /**
   * Opens a session for a member whose sign-in succeeded, in one transaction
   * with what the sign-in still had to win (`prepare`), the staff row's last
   * sign-in, the cap on live sessions and the audit event.
   */
  async open(member: StaffEntity, opening: SessionOpening, context: RequestContext): Promise<IssuedSession> {
    const now = this.clock.now();
    const sessionId = this.tokens.newSessionId();
    const secret = this.tokens.newRefreshSecret();
    const expiresAt = new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000);
    await this.dataSource.transaction(async (manager) => {
      if (opening.prepare) await opening.prepare(manager);
      // The staff row first, then the session row whose foreign key reads it: one lock order for every sign-in.
      await this.staff.update(
        manager,
        member.id,
        { ...(opening.clearsPasswordFailures ? { failedLogins: 0, lockedUntil: null } : {}), lastLoginAt: now },
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
        method: opening.method,
      });
      const sessionsEnded = await this.sessions.revokeOldest(manager, member.id, this.config.maxSessionsPerMember, now);
      await this.audit.record(manager, {
        actor: staffActor(member),
        action: AuditAction.SignInSucceeded,
        target: { type: 'staff', id: member.id },
        context,
        details: {
          method: opening.method,
          sessionId,
          mfaEnrollmentRequired: mfaEnrollmentRequired(member, this.config),
          ...(sessionsEnded > 0 ? { oldestSessionsEnded: sessionsEnded } : {}),
        },
      });
    });
    return this.issue(member, sessionId, secret, expiresAt);
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

  /** Signs the member out everywhere: every session of theirs ends. */
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

  /** Inside the caller's transaction: ends every session of a member and every sign-in half done (open mfaTokens). */
  async endEverywhere(manager: EntityManager, staffId: number, now: Date): Promise<void> {
    await this.sessions.revokeAll(staffId, now, manager);
    await this.mfaChallenges.endAll(manager, staffId, now);
  }

  /** Turns verified access-token claims into the staff member, only while the session is live. */
  async resolvePrincipal(claims: AccessTokenClaims): Promise<StaffPrincipal | null> {
    if (claims.typ !== 'access' || !/^\d+$/.test(claims.sub) || typeof claims.sid !== 'string' || typeof claims.exp !== 'number')
      return null;
    const staff = await this.liveness.liveMember(claims.sid, Number(claims.sub));
    // The token names its member exactly as it was signed (no "007" for 7).
    if (!staff || String(staff.id) !== claims.sub) return null;
    return {
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      sessionId: claims.sid,
      mfaEnrollmentRequired: mfaEnrollmentRequired(staff, this.config),
    };
  }

  private async issue(member: StaffEntity, sessionId: string, secret: string, expiresAt: Date): Promise<IssuedSession> {
    return {
      accessToken: await this.tokens.signAccess(member.id, sessionId),
      expiresIn: this.tokens.accessTtlSeconds,
      refreshToken: `${sessionId}.${secret}`,
      refreshMaxAgeSeconds: Math.max(0, Math.floor((expiresAt.getTime() - this.clock.now().getTime()) / 1000)),
      mfaEnrollmentRequired: mfaEnrollmentRequired(member, this.config),
    };
  }
}
