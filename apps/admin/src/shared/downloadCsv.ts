import { ensureAccessToken } from '../authSession';

/**
 * Fetches a CSV the API builds (and audits) and hands it to the browser as
 * a download; returns the row count the API reported.
 */
export async function downloadCsv(path: string, fallbackName: string): Promise<string | null> {
  const token = await ensureAccessToken();
  const response = await fetch(`/api${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error((await response.json().catch(() => ({}))).message ?? `Export failed (${response.status})`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
  return response.headers.get('X-Total-Count');
}
