import { fetchUtils } from 'react-admin';

export const API_URL = '/api';

/** Every API call of the admin UI goes through here (the sign-in token will be added in one place). */
export function httpClient(url: string, options: fetchUtils.Options = {}) {
  return fetchUtils.fetchJson(url, options);
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
