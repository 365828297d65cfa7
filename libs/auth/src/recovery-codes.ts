import { createHmac, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// No 0/O or 1/I/L: codes are read off paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const RECOVERY_CODE_PATTERN = /^[A-Z0-9]{5}-?[A-Z0-9]{5}$/i;

/** Ten single-use codes like `7KQ3M-XW9TP` (about 50 bits each). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Codes are stored only as HMAC-SHA256 under a server key, normalised (case and dash do not matter). */
export function hashRecoveryCode(key: Buffer, code: string): string {
  const normalised = code.replace(/-/g, '').toUpperCase();
  return createHmac('sha256', key).update(`recovery:${normalised}`).digest('hex');
}
