import { isSecretKey } from '@resetdesk/core';

const MAX_STRING = 500;
const MAX_DEPTH = 5;

/**
 * Audit details are for people reading the trail: secrets (by field name)
 * are replaced, long strings cut, depth bounded. The shape stays JSON.
 */
export function redactDetails(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactDetails(item, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, isSecretKey(key) ? '[redacted]' : redactDetails(item, depth + 1)]),
    );
  }
  return String(value);
}
