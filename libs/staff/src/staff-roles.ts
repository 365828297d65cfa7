export const STAFF_ROLES = ['verifier', 'agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const RANK: Record<StaffRole, number> = { verifier: 1, agent: 2, supervisor: 3, admin: 4 };

/**
 * verifier < agent < supervisor < admin: a role may do everything the roles below it may. A verifier opens tickets
 * and verifies callers; resetting and unlocking start at agent, so the one who checks a caller need not be the one
 * who can hand them a password.
 */
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
