/**
 * The reminder due for a password `daysLeft` days from expiry, when the last
 * completed scan ran `catchUpDays` days ago (1: yesterday, the usual case):
 * the most urgent milestone passed since then, or null. After missed days a
 * holder gets one reminder — the one that matters now — not a burst of
 * stale ones.
 */
export function dueMilestone(daysLeft: number, reminderDays: readonly number[], catchUpDays: number): number | null {
  let due: number | null = null;
  for (const day of reminderDays) {
    if (day >= daysLeft && day < daysLeft + catchUpDays && (due === null || day < due)) due = day;
  }
  return due;
}

/**
 * Day offsets (from today) where some policy has a milestone due, as
 * merged inclusive [from, to] ranges: the scan reads only these accounts,
 * not the whole window up to the largest reminder day.
 */
export function dueDayRanges(reminderDays: Iterable<number>, catchUpDays: number): Array<[number, number]> {
  const ranges = [...new Set(reminderDays)].sort((a, b) => a - b).map((day): [number, number] => [day - catchUpDays + 1, day]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Days since the last completed scan that this one must cover: at least 1, at most the largest reminder day + 1. */
export function catchUpDaysSince(daysSinceLastScan: number | null, largestReminderDay: number): number {
  if (daysSinceLastScan === null || daysSinceLastScan < 1) return 1;
  return Math.min(daysSinceLastScan, largestReminderDay + 1);
}

/**
 * The outbox dedupe key of a reminder is this prefix plus the milestone:
 * one reminder per account, password version and milestone, and a new
 * password (a new version) starts its own cycle.
 */
export function reminderKeyPrefix(account: { id: number; passwordVersion: number }): string {
  return `reminder:${account.id}:v${account.passwordVersion}:`;
}
