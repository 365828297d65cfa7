import { fetchUtils } from 'react-admin';
import { currentAccessToken, ensureAccessToken, refreshAccessToken } from './authSession';

export const API_URL = '/api';

/**
 * Every API call of the admin UI: adds the access token, and when the API refuses a token it sent,
 * refreshes once and retries. A call made without a token is never retried: the page already
 * asked the refresh cookie once, and asking again would only spend the limit.
 */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const send = (token: string | null) => {
    const headers = new Headers(options.headers ?? { Accept: 'application/json' });
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetchUtils.fetchJson(url, { ...options, headers });
  };
  const token = await ensureAccessToken();
  try {
    return await send(token);
  } catch (error) {
    if (token && (error as { status?: number }).status === 401 && (await refreshAccessToken())) return send(currentAccessToken());
    throw error;
  }
}

/** POST a JSON body to an API path and return the parsed answer. */
export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const { json } = await httpClient(`${API_URL}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return json as T;
}

/** DELETE an API path and return the parsed answer. */
export async function deleteJson<T>(path: string): Promise<T> {
  const { json } = await httpClient(`${API_URL}${path}`, { method: 'DELETE' });
  return json as T;
}

export async function getJson<T>(path: string): Promise<T> {
  const { json } = await httpClient(`${API_URL}${path}`);
  return json as T;
}

/** The API's error message (`{message}`), or a fallback. */
export function errorMessage(error: unknown, fallback: string): string {
  const body = (error as { body?: { message?: string } }).body;
  return body?.message ?? (error instanceof Error ? error.message : fallback);
}
