import { Inject, Injectable } from '@nestjs/common';
import { appConfig, AppConfigType } from '@resetdesk/core';
import type { Request, Response } from 'express';
import { AccessTokenDto } from './dto/auth.dto';
import type { IssuedSession } from './session.service';

/** The httpOnly cookie holding `<sessionId>.<secret>`; the id stays the same while the secret rotates. */
export const REFRESH_COOKIE = 'resetdesk_refresh';
/** Only the auth routes (refresh, sign-out) ever receive the refresh cookie. */
export const REFRESH_COOKIE_PATH = '/api/auth';
// What SessionService.refresh looks up: a 32-hex id, a dot and a non-empty secret.
const SESSION_ID = /^([0-9a-f]{32})\.[^.]/;

/** The session id of a well-formed refresh cookie, or null when the request carries none. */
export function refreshSessionId(request: Pick<Request, 'cookies'>): string | null {
  const token = (request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return (typeof token === 'string' && SESSION_ID.exec(token)?.[1]) || null;
}

/**
 * Hands an opened session to the browser: the refresh token only in an httpOnly, same-site cookie,
 * the access token in the answer body. Every sign-in route answers through here.
 */
@Injectable()
export class SessionCookie {
  constructor(@Inject(appConfig.KEY) private readonly app: AppConfigType) {}

  /** The refresh token the browser sent, if any. */
  read(request: Request): string | undefined {
    return (request.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE];
  }

  /** Sets the refresh cookie and answers the body of a started session. */
  start(response: Response, session: IssuedSession): AccessTokenDto {
    response.cookie(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.app.url.startsWith('https:'),
      path: REFRESH_COOKIE_PATH,
      maxAge: session.refreshMaxAgeSeconds * 1000,
    });
    return {
      accessToken: session.accessToken,
      expiresIn: session.expiresIn,
      ...(session.mfaEnrollmentRequired ? { mfaEnrollmentRequired: true } : {}),
    };
  }

  clear(response: Response): void {
    response.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict' });
  }
}
