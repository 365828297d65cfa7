import { useEffect, useState } from 'react';

/**
 * Whole seconds left until `at` (ms since the epoch; null or past → 0),
 * rounded up so a button waiting on it never enables early, and
 * re-rendering every second while it runs.
 */
export function useSecondsUntil(at: number | null): number {
  const [, tick] = useState(0);
  const left = at === null ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  const running = left > 0;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => tick((count) => count + 1), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return left;
}

/** 872 → "14:32". */
export function formatCountdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
