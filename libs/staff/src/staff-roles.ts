import { STAFF_ROLES, StaffRole } from '@resetdesk/core';

export { STAFF_ROLES };
export type { StaffRole };

const RANK: Record<StaffRole, number> = { agent: 1, supervisor: 2, admin: 3 };

/** agent < supervisor < admin: a role may do everything the roles below it may. */
export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return RANK[role] >= RANK[minimum];
}

export const MAX_FAILED_SIGN_INS = 5;
export const LOCKOUT_MINUTES = 15;
export const STAFF_PASSWORD_MIN_LENGTH = 12;
