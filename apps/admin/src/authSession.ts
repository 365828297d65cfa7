import { HttpError } from 'react-admin';

/**
 * The access token lives in memory only (never localStorage, so injected
 * scripts cannot lift it from storage); the httpOnly refresh cookie restores
 * it after a reload.
 */
interface Session {
  token: string;
  expiresAt: number;
}

let session: Session | null = null;
let refreshing: Promise<boolean> | null = null;
/**
 * Why the last refresh gave no token, so that nothing asks again before it can help: a 401 means
 * there is no session to restore until the next sign-in; a 429 holds until its Retry-After.
 */
let refused: { error: HttpError; until: number } | null = null;

export function setAccessToken(token: string, expiresInSeconds: number): void {
  // Refresh a little early so requests never race the expiry.
  session = { token, expiresAt: Date.now() + (expiresInSeconds - 30) * 1000 };
  refused = null;
}

/** Signed out: forget the token, and do not ask the refresh cookie again before the next sign-in. */
export function clearAccessToken(): void {
  session = null;
  refused ??= { error: new HttpError('Sign in to continue', 401), until: Infinity };
}

export function currentAccessToken(): string | null {
  return session && session.expiresAt > Date.now() ? session.token : null;
}

/** A refresh answered 429 and not yet over: what it said, with its wait (for the sign-in page). */
export function refreshRateLimit(): { message: string; retryAt: number } | null {
  return refused && refused.error.status === 429 && refused.until > Date.now()
    ? { message: refused.error.message, retryAt: refused.until }
    : null;
}

/**
 * Asks for a new access token with the refresh cookie; concurrent callers share one request.
 * Resolves false when there is no session to restore; rejects with the API's 429 while the
 * refresh of this session is rate-limited.
 */
export function refreshAccessToken(): Promise<boolean> {
  if (refused && refused.until > Date.now()) {
    return refused.error.status === 429 ? Promise.reject(refused.error) : Promise.resolve(false);
  }
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then(
      async (response) => {
        const body = await response.json().catch(() => ({}));
        if (response.ok) {
          setAccessToken(body.accessToken, body.expiresIn);
          return true;
        }
        session = null;
        if (response.status === 429) {
          const wait = Number(response.headers.get('Retry-After')) || 60;
          refused = {
            error: new HttpError(body.message ?? `Too many requests; try again in ${wait} s`, 429, body),
            until: Date.now() + wait * 1000,
          };
          throw refused.error;
        }
        // 401 (the cookie is gone, expired or revoked): only signing in again helps. Other failures may pass.
        if (response.status === 401) refused = { error: new HttpError(body.message ?? 'Sign in to continue', 401, body), until: Infinity };
        return false;
      },
      () => false,
    )
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export async function ensureAccessToken(): Promise<string | null> {
  return currentAccessToken() ?? ((await refreshAccessToken()) ? currentAccessToken() : null);
}
