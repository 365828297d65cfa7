import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const CHARACTER_CLASSES = ['lower', 'upper', 'digit', 'special'] as const;
export type CharacterClass = (typeof CHARACTER_CLASSES)[number];

/** The rule settings of a policy, as the engine reads them. */
export interface PolicyRules {
  minLength: number;
  maxLength: number;
  /** "N of 4": at least this many different classes (0 = no class rule). */
  minClasses: number;
  /** "each-required": every class listed must appear. */
  requiredClasses: CharacterClass[];
  blocklist: boolean;
  /** zxcvbn score 0–4 the password must reach (0 = no strength rule). */
  minStrength: number;
  forbidPersonalInfo: boolean;
}

/** What we know about the person, for the "no parts of your name" rule. */
export interface PersonalInfo {
  username?: string | null;
  email?: string | null;
  displayName?: string | null;
}

export type RuleCode =
  | 'MIN_LENGTH'
  | 'MAX_LENGTH'
  | 'CHARACTER_CLASSES'
  | 'REQUIRES_LOWER'
  | 'REQUIRES_UPPER'
  | 'REQUIRES_DIGIT'
  | 'REQUIRES_SPECIAL'
  | 'BLOCKLIST'
  | 'STRENGTH'
  | 'PERSONAL_INFO'
  | 'HISTORY';

export interface RuleResult {
  code: RuleCode;
  message: string;
  passed: boolean;
  /** Not decided yet: the history rule is only tried once every other rule passes (each try is an argon2 comparison). */
  pending?: boolean;
}

const CLASS_TESTS: Record<CharacterClass, RegExp> = {
  lower: /\p{Ll}/u,
  upper: /\p{Lu}/u,
  digit: /\p{Nd}/u,
  // Anything that is neither a letter nor a digit: punctuation, symbols, spaces, emoji.
  special: /[^\p{L}\p{Nd}]/u,
};

const CLASS_NAMES: Record<CharacterClass, string> = {
  lower: 'a lowercase letter',
  upper: 'an uppercase letter',
  digit: 'a digit',
  special: 'a special character (symbol, punctuation or space)',
};

const REQUIRED_CODES: Record<CharacterClass, RuleCode> = {
  lower: 'REQUIRES_LOWER',
  upper: 'REQUIRES_UPPER',
  digit: 'REQUIRES_DIGIT',
  special: 'REQUIRES_SPECIAL',
};

/** Passwords are compared and measured after NFKC normalisation, in code points (not bytes or UTF-16 units). */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export function codePointLength(text: string): number {
  return [...text].length;
}

let blocklist: Set<string> | undefined;
function isCommonPassword(password: string): boolean {
  // Loaded on first use: 49k entries from the zxcvbn-ts common dictionary.
  blocklist ??= new Set((common.dictionary['passwords-common'] as string[]).map((entry) => entry.toLowerCase()));
  return blocklist.has(password.toLowerCase());
}

let zxcvbn: ZxcvbnFactory | undefined;
function strengthOf(password: string): number {
  zxcvbn ??= new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  return zxcvbn.check(password.slice(0, 100)).score;
}

/** Name parts of at least three characters, lower-cased: "dana.reyes@x" gives "dana", "reyes". */
function personalParts(info: PersonalInfo): string[] {
  const sources = [info.username, info.email?.split('@')[0], info.displayName];
  const parts = sources.flatMap((source) => (source ?? '').toLowerCase().split(/[^\p{L}\p{Nd}]+/u));
  return [...new Set(parts.filter((part) => codePointLength(part) >= 3))];
}

/** Checks a password against a policy's rules; every rule answers, so a checklist can show them all. */
export function evaluatePassword(rules: PolicyRules, rawPassword: string, info: PersonalInfo = {}): RuleResult[] {
  const password = normalizePassword(rawPassword);
  const length = codePointLength(password);
  const results: RuleResult[] = [
    { code: 'MIN_LENGTH', message: `At least ${rules.minLength} characters`, passed: length >= rules.minLength },
    { code: 'MAX_LENGTH', message: `At most ${rules.maxLength} characters`, passed: length <= rules.maxLength },
  ];
  const present = CHARACTER_CLASSES.filter((name) => CLASS_TESTS[name].test(password));
  if (rules.minClasses > 0) {
    results.push({
      code: 'CHARACTER_CLASSES',
      message: `At least ${rules.minClasses} of: lowercase, uppercase, digit, special character`,
      passed: present.length >= rules.minClasses,
    });
  }
  for (const name of rules.requiredClasses) {
    results.push({ code: REQUIRED_CODES[name], message: `Contains ${CLASS_NAMES[name]}`, passed: present.includes(name) });
  }
  if (rules.blocklist) {
    results.push({ code: 'BLOCKLIST', message: 'Not a commonly used password', passed: !isCommonPassword(password) });
  }
  if (rules.minStrength > 0) {
    results.push({
      code: 'STRENGTH',
      message: `Hard to guess (strength ${rules.minStrength} of 4 or better)`,
      passed: strengthOf(password) >= rules.minStrength,
    });
  }
  if (rules.forbidPersonalInfo) {
    const lowered = password.toLowerCase();
    results.push({
      code: 'PERSONAL_INFO',
      message: 'Does not contain your username, email name or display name',
      passed: !personalParts(info).some((part) => lowered.includes(part)),
    });
  }
  // Nothing typed passes nothing: a checklist must not start half green.
  return length === 0 ? results.map((result) => ({ ...result, passed: false })) : results;
}
