import { evaluatePassword, PersonalInfo, PolicyRules, RuleResult } from './policy-rules';

/**
 * The rules for staff passwords (sign-in to the admin UI, not the accounts
 * the desk manages). Staff can approve resets of privileged accounts, so the
 * bar is a guess-resistance score rather than composition rules: no common
 * password, zxcvbn 3 of 4, nothing of the member's email or name.
 */
export const STAFF_PASSWORD_RULES: PolicyRules = {
  minLength: 12,
  maxLength: 256,
  minClasses: 0,
  requiredClasses: [],
  blocklist: true,
  minStrength: 3,
  forbidPersonalInfo: true,
};

/** The staff rules a password breaks (empty when it is acceptable). */
export function staffPasswordProblems(password: string, member: { email: string; name?: string | null }): RuleResult[] {
  const info: PersonalInfo = { email: member.email, displayName: member.name ?? null };
  return evaluatePassword(STAFF_PASSWORD_RULES, password, info).filter((rule) => !rule.passed);
}
