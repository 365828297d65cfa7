import { randomInt } from 'node:crypto';
import { evaluatePassword, PersonalInfo, PolicyRules } from './policy-rules';

// No look-alikes (0/O, 1/l/I, 5/S…): an agent may have to read it out over the phone.
const ALPHABETS = {
  lower: 'abcdefghijkmnpqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRTUVWXY',
  digit: '2346789',
  special: '!#%+-=?@',
} as const;
const ALL = Object.values(ALPHABETS).join('');
/** Long enough to be strong whatever the policy asks for, short enough to dictate. */
const PREFERRED_LENGTH = 16;
const MAX_TRIES = 50;

/**
 * A random password (CSPRNG) with every character class, that passes the
 * given policy for this person. Used for temporary passwords.
 */
export function generateCompliantPassword(rules: PolicyRules, info: PersonalInfo = {}): string {
  const length = Math.min(Math.max(rules.minLength, PREFERRED_LENGTH), rules.maxLength);
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const chars = Object.values(ALPHABETS).map(pick);
    while (chars.length < length) chars.push(pick(ALL));
    // Fisher–Yates, so the guaranteed classes do not sit at fixed places.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(0, i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const candidate = chars.join('');
    if (evaluatePassword(rules, candidate, info).every((rule) => rule.passed)) return candidate;
  }
  throw new Error(`Could not generate a password that passes the policy (min ${rules.minLength}, max ${rules.maxLength} characters)`);
}

function pick(alphabet: string): string {
  return alphabet[randomInt(0, alphabet.length)]!;
}
