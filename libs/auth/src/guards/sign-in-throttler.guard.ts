import { applyDecorators, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Throttle, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';

/** The httpOnly cookie holding `<sessionId>.<secret>`; the id stays the same while the secret rotates. */
export const REFRESH_COOKIE = 'resetdesk_refresh';

const PER_SESSION = 'resetdesk:throttle-per-session';
// What AuthService.refresh looks up: a 32-hex id, a dot and a non-empty secret.
const SESSION_ID = /^([0-9a-f]{32})\.[^.]/;

/** The session id of a well-formed refresh cookie, or null when the request carries none. */
export function refreshSessionId(request: Pick<Request, 'cookies'>): string | null {
  const token = (request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return (typeof token === 'string' && SESSION_ID.exec(token)?.[1]) || null;
}

/**
 * Counts a route per session (the id in its refresh cookie) instead of per client address: every
 * page load of the admin UI refreshes once, and a whole desk behind one office address must not
 * share one budget. A request without a session cookie is not counted at all; the route refuses it
 * before any lookup.
 */
export const ThrottlePerSession = () =>
  applyDecorators(
    SetMetadata(PER_SESSION, true),
    Throttle({ default: { getTracker: (request) => `session:${refreshSessionId(request as Request)}` } }),
  );

/** The throttler of the anonymous sign-in routes: per client address, or per session where marked. */
@Injectable()
export class SignInThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return this.perSession(context) && refreshSessionId(context.switchToHttp().getRequest<Request>()) === null;
  }

  protected override async getErrorMessage(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<string> {
    if (!this.perSession(context)) return super.getErrorMessage(context, detail);
    return `Too many session refreshes for this sign-in; try again in ${detail.timeToBlockExpire} s`;
  }

  private perSession(context: ExecutionContext): boolean {
    return this.reflector.get<boolean | undefined>(PER_SESSION, context.getHandler()) === true;
  }
}
