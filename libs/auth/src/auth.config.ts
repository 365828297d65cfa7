import { ConfigType } from '@nestjs/config';
import { defineConfigGroup } from '@resetdesk/core';
import { STAFF_ROLES } from '@resetdesk/staff';

/** Dev-only fallback; production refuses to start without a real JWT_SECRET. */
const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';

/** Staff sign-in: how access tokens are signed and how long they and sessions live, who needs a second factor. */
export const authConfig = defineConfigGroup('auth', (reader, { production }) => ({
  jwtSecret: reader.secret('JWT_SECRET', DEV_JWT_SECRET, production, 32),
  /** Roles that must use TOTP 2FA to sign in. */
  mfaRequiredRoles: reader.subsetOf('MFA_REQUIRED_ROLES', STAFF_ROLES, ['supervisor', 'admin']),
  accessTokenTtlSeconds: reader.int('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
  refreshTokenTtlSeconds: reader.int('REFRESH_TOKEN_TTL_SECONDS', 12 * 3600, 300, 30 * 86400),
  /** Live sessions a staff member may have; signing in once more ends the oldest. */
  maxSessionsPerMember: reader.int('STAFF_MAX_SESSIONS', 10, 1, 100),
}));

export type AuthConfigType = ConfigType<typeof authConfig>;
