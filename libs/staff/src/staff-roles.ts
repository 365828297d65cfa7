export const STAFF_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const RANK: Record<StaffRole, number> = { agent: 1, supervisor: 2, admin: 3 };

/** agent < supervisor < admin: a role may do everything the roles below it may. */
export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return RANK[role] >= RANK[minimum];
}

/** Password tries per member and client address in one window; the fifth failure pauses that address. */
export const MAX_FAILED_SIGN_INS = 5;
/** Password tries per member from all addresses together in one window; reaching it locks the member everywhere. */
export const MEMBER_SIGN_IN_CEILING = 20;
/** Second-factor (TOTP or recovery code) tries per member in one window. */
export const MAX_SECOND_FACTOR_TRIES = 5;
/** The window, and the pause after its limit is reached. */
export const LOCKOUT_MINUTES = 15;
export const STAFF_PASSWORD_MIN_LENGTH = 12;
