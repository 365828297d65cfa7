import { randomInt } from 'node:crypto';
import { evaluatePassword, PersonalInfo, PolicyRules } from './policy-rules';

/**
 * Read out over the phone, so nothing that sounds or looks like something else: no 0/O, 1/l/I, 5/S, 2/Z, 8/B,
 * b/6, g/q, u/v/w, and lower case but for one capital (a person says "capital K" once, not "upper, lower, lower…").
 */
const LOWER = 'acdefhjkmnprstxyz';
const UPPER = 'ACDEFHJKMNPRTXY';
const DIGITS = '34679';
/** Between the groups of four: the policy's special character, and where the reader pauses. */
const SEPARATOR = '-';
const GROUP = 4;
/** Four groups: 16 characters of ~4.4 bits each plus the capital's place, about 75 bits. */
const PREFERRED_GROUPS = 4;
const MAX_TRIES = 50;

/**
 * A random temporary password (CSPRNG) for an agent to read out: groups of four separated by dashes
 * (`kx7f-mR4p-…`), one capital, at least one digit, that passes the given policy for this person. A policy that
 * asks for more length gets more groups; one whose maximum is shorter than two groups gets the plain random form.
 */
export function generateCompliantPassword(rules: PolicyRules, info: PersonalInfo = {}): string {
  const groups = groupsFor(rules);
  // Grouped lengths go in steps of five (19, 24, …): a policy whose range falls between two steps gets the dense form.
  const grouped = groups >= 2 && lengthOf(groups) >= rules.minLength;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const candidate = grouped ? readable(groups) : dense(Math.min(Math.max(rules.minLength, 16), rules.maxLength));
    if (evaluatePassword(rules, candidate, info).every((rule) => rule.passed)) return candidate;
  }
  throw new Error(`Could not generate a password that passes the policy (min ${rules.minLength}, max ${rules.maxLength} characters)`);
}

/** The fewest groups at or above the preferred four that reach the policy's minimum and fit its maximum. */
function lengthOf(groups: number): number {
  return groups * GROUP + (groups - 1) * SEPARATOR.length;
}

function groupsFor(rules: PolicyRules): number {
  let groups = PREFERRED_GROUPS;
  while (lengthOf(groups) < rules.minLength) groups += 1;
  while (groups > 0 && lengthOf(groups) > rules.maxLength) groups -= 1;
  return groups;
}

function readable(groups: number): string {
  const chars = Array.from({ length: groups * GROUP }, () => pick(LOWER + DIGITS));
  // One capital and at least one digit, at random places.
  const places = shuffled(chars.map((_, index) => index));
  chars[places[0]!] = pick(UPPER);
  if (!chars.some((char) => DIGITS.includes(char))) chars[places[1]!] = pick(DIGITS);
  return Array.from({ length: groups }, (_, group) => chars.slice(group * GROUP, (group + 1) * GROUP).join('')).join(SEPARATOR);
}

/** For a policy too short for groups: every class, the same unambiguous alphabets. */
function dense(length: number): string {
  const alphabets = [LOWER, UPPER, DIGITS, '#%+=?@'];
  const chars = alphabets.map(pick);
  while (chars.length < length) chars.push(pick(alphabets.join('')));
  return shuffled(chars).join('');
}

function shuffled<T>(items: T[]): T[] {
  // Fisher–Yates with the CSPRNG.
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function pick(alphabet: string): string {
  return alphabet[randomInt(0, alphabet.length)]!;
}
