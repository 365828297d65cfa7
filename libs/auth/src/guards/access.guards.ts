import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { isLocalCaller, securityConfig, SecurityConfigType } from '@resetdesk/core';
import { roleAtLeast, StaffPrincipal, StaffRole } from '@resetdesk/staff';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthErrorCode, AuthException } from '../auth.exception';
import { DURING_MFA_ENROLLMENT, IDENTIFY_IF_SIGNED_IN, IS_PUBLIC, LOOPBACK_ALLOWED, MIN_ROLE } from '../decorators';

function flag(reflector: Reflector, key: string, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
}

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * A scraper on an @AllowLoopback() route (/metrics). With METRICS_TOKEN set,
 * only `Authorization: Bearer <METRICS_TOKEN>` opens it, from any address;
 * without it, a tokenless local caller (see isLocalCaller: a same-host proxy
 * does not make everyone local).
 */
function isScraperCall(reflector: Reflector, context: ExecutionContext, metricsToken: string | undefined): boolean {
  if (!flag(reflector, LOOPBACK_ALLOWED, context)) return false;
  const request = context.switchToHttp().getRequest<Request>();
  const authorization = request.headers.authorization;
  if (metricsToken) return typeof authorization === 'string' && sameSecret(authorization, `Bearer ${metricsToken}`);
  return !authorization && isLocalCaller(request);
}

/** Global: every route needs a valid access token unless it is @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    @Inject(securityConfig.KEY) private readonly security: SecurityConfigType,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (flag(this.reflector, IS_PUBLIC, context)) return this.identifyIfSignedIn(context);
    if (isScraperCall(this.reflector, context, this.security.metricsToken)) {
      context.switchToHttp().getRequest<Request & { scraper?: boolean }>().scraper = true;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  /** A public route that answers more to staff (health details) learns who is signed in; a bad token just stays anonymous. */
  private async identifyIfSignedIn(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!flag(this.reflector, IDENTIFY_IF_SIGNED_IN, context) || !request.headers.authorization) return true;
    try {
      await super.canActivate(context);
    } catch {
      // Anonymous is the answer for an expired or invalid token here.
    }
    return true;
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- passport hands over what the strategy failed with; rethrown as is
    if (error) throw error;
    if (user) return user;
    const reason = info instanceof Error ? info.name : '';
    if (reason === 'TokenExpiredError') {
      throw new AuthException(
        AuthErrorCode.Unauthenticated,
        'Your access token has expired; refresh it (POST /api/auth/refresh) or sign in again',
      );
    }
    if (info instanceof Error && /No auth token/i.test(info.message)) {
      throw new AuthException(AuthErrorCode.Unauthenticated, 'Sign in first: send the access token as "Authorization: Bearer <token>"');
    }
    throw new AuthException(AuthErrorCode.Unauthenticated, 'The access token is invalid; sign in again');
  }
}

/** Global, after JwtAuthGuard: the route's minimum role, and 2FA enrollment for roles that require it. Fails closed. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (flag(this.reflector, IS_PUBLIC, context) || context.switchToHttp().getRequest<{ scraper?: boolean }>().scraper) return true;
    const minimum = this.reflector.getAllAndOverride<StaffRole | undefined>(MIN_ROLE, [context.getHandler(), context.getClass()]);
    if (!minimum) throw new AuthException(AuthErrorCode.Forbidden, 'This route declares no role and is closed');
    const principal = context.switchToHttp().getRequest<Request & { user: StaffPrincipal }>().user;
    if (principal.mfaEnrollmentRequired && !flag(this.reflector, DURING_MFA_ENROLLMENT, context)) {
      throw new AuthException(
        AuthErrorCode.MfaEnrollmentRequired,
        'Your role requires two-factor sign-in: set it up on your profile (POST /api/auth/totp/enroll) before anything else',
      );
    }
    if (!roleAtLeast(principal.role, minimum)) {
      throw new AuthException(AuthErrorCode.Forbidden, `This needs the ${minimum} role or higher; you are signed in as ${principal.role}`);
    }
    return true;
  }
}
