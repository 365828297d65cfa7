import { ConfigError, parseConfig, parseConfigGroups } from '@resetdesk/core';
import type { AuthConfigType } from './auth.config';
import './auth.config';

const auth = (env: Record<string, string>) => parseConfigGroups(env).auth as AuthConfigType;

describe('auth configuration', () => {
  it('reads the roles that must use 2FA, where an empty value means none', () => {
    expect(auth({}).mfaRequiredRoles).toEqual(['supervisor', 'admin']);
    expect(auth({ MFA_REQUIRED_ROLES: '' }).mfaRequiredRoles).toEqual([]);
    expect(auth({ MFA_REQUIRED_ROLES: 'agent, admin' }).mfaRequiredRoles).toEqual(['agent', 'admin']);
    expect(() => auth({ MFA_REQUIRED_ROLES: 'root' })).toThrow(/MFA_REQUIRED_ROLES may only list verifier, agent, supervisor, admin/);
  });

  it('keeps access tokens short-lived', () => {
    expect(auth({}).accessTokenTtlSeconds).toBe(900);
    expect(() => auth({ ACCESS_TOKEN_TTL_SECONDS: '3600' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS must be a whole number between 30 and 900/);
  });

  it('is checked at boot with the core groups: one error names the bad variables of both', () => {
    try {
      parseConfig({ NODE_ENV: 'production', MFA_REQUIRED_ROLES: 'root' });
      fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const named = (error as ConfigError).problems.map((problem) => problem.split(' ')[0]);
      expect(named).toEqual(expect.arrayContaining(['SMTP_URL', 'DATA_KEY', 'JWT_SECRET', 'MFA_REQUIRED_ROLES']));
    }
  });

  it('refuses the development JWT secret in production', () => {
    const production = {
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://mail.example.com:587',
      DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
    };
    expect(() => parseConfig({ ...production, JWT_SECRET: 'dev-only-jwt-secret-change-me-0123456789' })).toThrow(
      /JWT_SECRET must not be the development default/,
    );
    expect(() => parseConfig({ ...production, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });
});
