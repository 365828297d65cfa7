/** "42 min", "5.3 h", "2.1 d": a duration as a supervisor reads it. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10} %`;
}

/** An axis label for a bucket: "Nov 2" for a day, "Nov 2 – Nov 8" for a week. */
export function bucketLabel(bucket: { start: string; end: string }): string {
  const format = (day: string) => new Date(`${day}T00:00:00`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return bucket.start === bucket.end ? format(bucket.start) : `${format(bucket.start)} – ${format(bucket.end)}`;
}

/** "1 ticket", "3 tickets". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
