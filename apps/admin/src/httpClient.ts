import { fetchUtils } from 'react-admin';
import { ensureAccessToken, refreshAccessToken } from './authSession';

export const API_URL = '/api';

/** Every API call of the admin UI: adds the access token, and on a 401 refreshes once and retries. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const send = async () => {
    const token = await ensureAccessToken();
    const headers = new Headers(options.headers ?? { Accept: 'application/json' });
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetchUtils.fetchJson(url, { ...options, headers });
  };
  try {
    return await send();
  } catch (error) {
    if ((error as { status?: number }).status === 401 && (await refreshAccessToken())) return send();
    throw error;
  }
}

/** POST a JSON body to an API path and return the parsed answer. */
export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  const { json } = await httpClient(`${API_URL}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
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
