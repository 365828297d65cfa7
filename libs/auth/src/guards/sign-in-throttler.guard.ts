import { applyDecorators, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Throttle, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { refreshSessionId } from '../session-cookie';

const PER_SESSION = 'resetdesk:throttle-per-session';

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
