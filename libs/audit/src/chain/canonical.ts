import { createHash } from 'node:crypto';

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields of an event that the chain protects. */
export interface ChainedFields {
  id: number;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ticketId: number | null;
  accountId: number | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

/** JSON with object keys sorted at every level, so MySQL's and MariaDB's JSON storage give the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * Canonical form (version 1): a JSON array, in this order, of
 * "v1", id, occurredAt (ISO-8601 UTC with milliseconds), actorType, actorId,
 * actorLabel, action, targetType, targetId, ticketId, accountId, ip,
 * userAgent, and details with sorted keys. Absent values are null.
 * The sequence number is not part of it: position is carried by prevHash,
 * so reordering shows up as a broken link rather than as changed content.
 */
export function canonicalEvent(event: ChainedFields): string {
  return canonicalJson([
    'v1',
    Number(event.id),
    event.occurredAt.toISOString(),
    event.actorType,
    event.actorId,
    event.actorLabel,
    event.action,
    event.targetType,
    event.targetId,
    event.ticketId === null ? null : Number(event.ticketId),
    event.accountId === null ? null : Number(event.accountId),
    event.ip,
    event.userAgent,
    event.details ?? {},
  ]);
}

/** hash = SHA-256(prevHash || canonical event), hex. */
export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalEvent(event)).digest('hex');
}
