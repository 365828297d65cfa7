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

export function setAccessToken(token: string, expiresInSeconds: number): void {
  // Refresh a little early so requests never race the expiry.
  session = { token, expiresAt: Date.now() + (expiresInSeconds - 30) * 1000 };
}

export function clearAccessToken(): void {
  session = null;
}

export function currentAccessToken(): string | null {
  return session && session.expiresAt > Date.now() ? session.token : null;
}

/** Asks for a new access token with the refresh cookie; concurrent callers share one request. */
export function refreshAccessToken(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) {
        clearAccessToken();
        return false;
      }
      const body = (await response.json()) as { accessToken: string; expiresIn: number };
      setAccessToken(body.accessToken, body.expiresIn);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export async function ensureAccessToken(): Promise<string | null> {
  return currentAccessToken() ?? ((await refreshAccessToken()) ? currentAccessToken() : null);
}
