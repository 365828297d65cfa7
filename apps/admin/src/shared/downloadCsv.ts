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
  saveFile(await response.blob(), name);
  return response.headers.get('X-Total-Count');
}

/** Hands a file made in the page to the browser as a download. */
export function saveFile(content: Blob, name: string): void {
  const url = URL.createObjectURL(content);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * One RFC 4180 line, cells quoted when they need it. Values go back as they came (a file of the admin's own rows,
 * to fix and import again), so no formula prefix is added: that would change them.
 */
export function csvLine(cells: string[]): string {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}
