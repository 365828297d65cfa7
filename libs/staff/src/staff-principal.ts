import { AuditActor } from '@resetdesk/audit';
import { StaffRole } from './staff-roles';

/** The signed-in staff member behind a request, resolved from the access token and the session row. */
export interface StaffPrincipal {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  sessionId: string;
  /** Must enroll in 2FA before reaching anything but their profile. */
  mfaEnrollmentRequired: boolean;
}

export function staffActor(staff: { id: number; email: string }): AuditActor {
  return { type: 'staff', id: staff.id, label: staff.email };
}

/** How emails to account holders name the staff member who helped them. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}
