import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { roleAtLeast, StaffPrincipal, StaffRole } from '@resetdesk/staff';
import type { Request } from 'express';
import { AuthErrorCode, AuthException } from '../auth.exception';
import { DURING_MFA_ENROLLMENT, IS_PUBLIC, LOOPBACK_ALLOWED, MIN_ROLE } from '../decorators';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function flag(reflector: Reflector, key: string, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(key, [context.getHandler(), context.getClass()]) === true;
}

function isLoopbackCall(reflector: Reflector, context: ExecutionContext): boolean {
  const request = context.switchToHttp().getRequest<Request>();
  return flag(reflector, LOOPBACK_ALLOWED, context) && !request.headers.authorization && LOOPBACK.has(request.socket.remoteAddress ?? '');
}

/** Global: every route needs a valid access token unless it is @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (flag(this.reflector, IS_PUBLIC, context) || isLoopbackCall(this.reflector, context)) return true;
    return super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error) throw error;
    if (user) return user;
    const reason = info instanceof Error ? info.name : '';
    if (reason === 'TokenExpiredError') {
      throw new AuthException(AuthErrorCode.Unauthenticated, 'Your access token has expired; refresh it (POST /api/auth/refresh) or sign in again');
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
    if (flag(this.reflector, IS_PUBLIC, context) || isLoopbackCall(this.reflector, context)) return true;
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
