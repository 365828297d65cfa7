import { HttpError, type AuthProvider } from 'react-admin';
import { clearAccessToken, ensureAccessToken, setAccessToken } from './authSession';
import { getJson } from './httpClient';
import type { Profile } from './api/types';

export type StaffRole = Profile['role'];

export type { Profile };

export interface Permissions {
  role: StaffRole;
  mfaEnrollmentRequired: boolean;
}

/** Thrown by `login` when the password was right and a TOTP code is needed next. */
export class MfaRequired extends Error {
  constructor(readonly mfaToken: string) {
    super('Enter the code from your authenticator app');
  }
}

type LoginParams = { email: string; password: string } | { mfaToken: string; code: string };

/** Thrown by `login` when the API refused it: its message, and for a 429 when to try again. */
export class SignInRefused extends Error {
  constructor(
    message: string,
    readonly retryAt?: number,
  ) {
    super(message);
  }
}

async function postAuth(path: string, body: unknown) {
  const response = await fetch(`/api/auth/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const wait = response.status === 429 ? Number(response.headers.get('Retry-After')) || 60 : 0;
    throw new SignInRefused(json.message ?? 'Sign-in failed', wait ? Date.now() + wait * 1000 : undefined);
  }
  return json;
}

let profile: Promise<Profile> | null = null;
const loadProfile = () =>
  (profile ??= ensureAccessToken()
    .then((token) => {
      // No session could be restored: asking /me would only answer 401.
      if (!token) throw new HttpError('Sign in to continue', 401);
      return getJson<Profile>('/auth/me');
    })
    .catch((error) => {
      profile = null;
      throw error;
    }));

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    const answer = 'mfaToken' in params ? await postAuth('login/totp', params) : await postAuth('login', params);
    if (answer.mfaRequired) throw new MfaRequired(answer.mfaToken);
    setAccessToken(answer.accessToken, answer.expiresIn);
    profile = null;
    // Members who must enroll in 2FA land on their profile.
    return answer.mfaEnrollmentRequired ? { redirectTo: '/profile' } : undefined;
  },

  async logout() {
    // Ends the session on the server too; when no token can be had there is nothing to end.
    const token = await ensureAccessToken().catch(() => null);
    if (token) {
      await fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, credentials: 'same-origin' }).catch(
        () => undefined,
      );
    }
    clearAccessToken();
    profile = null;
  },

  async checkAuth() {
    if (!(await ensureAccessToken())) throw new Error('Sign in to continue');
  },

  async checkError(error: { status?: number }) {
    if (error.status === 401) {
      clearAccessToken();
      throw new Error('Your session has ended');
    }
  },

  async getIdentity() {
    const me = await loadProfile();
    return { id: me.id, fullName: `${me.name} (${me.role})` };
  },

  async getPermissions(): Promise<Permissions> {
    const me = await loadProfile();
    return { role: me.role, mfaEnrollmentRequired: me.mfaEnrollmentRequired };
  },
};

/** Forget the cached profile (after enrolling 2FA, for example). */
export function reloadProfile(): void {
  profile = null;
}

// As the server ranks them (libs/staff/src/staff-roles.ts): a role may do everything the roles below it may.
const RANK: Record<StaffRole, number> = { verifier: 1, agent: 2, supervisor: 3, admin: 4 };
export function hasRole(permissions: Permissions | undefined, minimum: StaffRole): boolean {
  return !!permissions && !permissions.mfaEnrollmentRequired && RANK[permissions.role] >= RANK[minimum];
}
