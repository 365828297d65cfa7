import type { StaffEntity, StaffRepository } from '@resetdesk/staff';
import { AuthErrorCode, AuthException } from './auth.exception';

/** The signed-in member's own row, while they may still act; a member disabled meanwhile has no session left. */
export async function requireSignedInMember(staff: StaffRepository, id: number): Promise<StaffEntity> {
  const member = await staff.findById(id);
  if (!member || member.disabled) throw new AuthException(AuthErrorCode.SessionEnded, 'Your session has ended; sign in again');
  return member;
}
