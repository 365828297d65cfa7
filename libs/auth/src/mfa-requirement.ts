import type { SecurityConfigType } from '@resetdesk/core';
import type { StaffEntity } from '@resetdesk/staff';

/** The member's role must sign in with a second factor (MFA_REQUIRED_ROLES). */
export function mfaRequiredFor(member: Pick<StaffEntity, 'role'>, security: SecurityConfigType): boolean {
  return security.mfaRequiredRoles.includes(member.role);
}

/** The role requires a second factor and none is set up yet: the member may reach only their profile and enrollment. */
export function mfaEnrollmentRequired(member: Pick<StaffEntity, 'role' | 'totpSecret'>, security: SecurityConfigType): boolean {
  return mfaRequiredFor(member, security) && !member.totpSecret;
}
