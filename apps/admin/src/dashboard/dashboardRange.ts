import type { StatsBucket } from '@resetdesk/stats/stats.types';

/** The range the dashboard shows: the last N days (follows today), or fixed days. */
export type DashboardRange =
  { kind: 'last'; days: number; bucket: StatsBucket } | { kind: 'fixed'; from: string; to: string; bucket: StatsBucket };

export const PRESET_DAYS = [7, 30, 90] as const;
export const DEFAULT_RANGE: DashboardRange = { kind: 'last', days: 30, bucket: 'day' };

/** The browser's zone: the supervisor reads days as their own calendar shows them. */
export const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A local calendar day as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The local day `days` after the YYYY-MM-DD `day` (negative: before). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return isoDay(new Date(year, month - 1, date + days));
}

export function resolveRange(range: DashboardRange, today = isoDay(new Date())): { from: string; to: string; bucket: StatsBucket } {
  if (range.kind === 'fixed') return range;
  return { from: addDays(today, -(range.days - 1)), to: today, bucket: range.bucket };
}

/** The instant a local day starts, as the list filters take it (ISO, UTC). */
export function dayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}

/** The [from, to) instants of whole local days from..to, in the names each list uses. */
export function instantsOf(from: string, to: string) {
  return { start: dayStart(from), end: dayStart(addDays(to, 1)) };
}
