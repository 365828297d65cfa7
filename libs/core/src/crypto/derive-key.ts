import { createHash } from 'node:crypto';

/**
 * A 32-byte key of its own for one purpose, derived from DATA_KEY, so the
 * data key is never used for two things (SHA-256 of "resetdesk-<purpose>:" ‖ key).
 */
export function deriveKey(dataKey: Buffer, purpose: string): Buffer {
  return createHash('sha256').update(`resetdesk-${purpose}:`).update(dataKey).digest();
}
