import type { AuthConfigType } from './auth.config';
import type { StaffEntity } from '@resetdesk/staff';

/** The member's role must sign in with a second factor (MFA_REQUIRED_ROLES). */
export function mfaRequiredFor(member: Pick<StaffEntity, 'role'>, auth: AuthConfigType): boolean {
  return auth.mfaRequiredRoles.includes(member.role);
}

/** The role requires a second factor and none is set up yet: the member may reach only their profile and enrollment. */
export function mfaEnrollmentRequired(member: Pick<StaffEntity, 'role' | 'totpSecret'>, auth: AuthConfigType): boolean {
  return mfaRequiredFor(member, auth) && !member.totpSecret;
}
