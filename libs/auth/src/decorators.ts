import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { StaffPrincipal, StaffRole } from '@resetdesk/staff';

export const IS_PUBLIC = 'resetdesk:public';
export const MIN_ROLE = 'resetdesk:min-role';
export const DURING_MFA_ENROLLMENT = 'resetdesk:during-mfa-enrollment';
export const LOOPBACK_ALLOWED = 'resetdesk:loopback-allowed';
export const IDENTIFY_IF_SIGNED_IN = 'resetdesk:identify-if-signed-in';

/** No sign-in needed (health, sign-in itself, public self-service). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The lowest role that may call the route; every non-public route must declare one. */
export const MinRole = (role: StaffRole) => SetMetadata(MIN_ROLE, role);

/** Reachable by a member who must still enroll in 2FA (profile, sign-out, enrollment). */
export const AllowDuringMfaEnrollment = () => SetMetadata(DURING_MFA_ENROLLMENT, true);

/**
 * Also open to a Prometheus scraper: one on the same host without a token, or,
 * when METRICS_TOKEN is set, one sending it as a bearer token (from anywhere).
 */
export const AllowLoopback = () => SetMetadata(LOOPBACK_ALLOWED, true);

/** On a @Public() route: a valid access token, when sent, fills @CurrentStaff (else it stays undefined). */
export const IdentifyIfSignedIn = () => SetMetadata(IDENTIFY_IF_SIGNED_IN, true);

/** The signed-in staff member. */
export const CurrentStaff = createParamDecorator(
  (_data: unknown, context: ExecutionContext): StaffPrincipal => context.switchToHttp().getRequest().user,
);
