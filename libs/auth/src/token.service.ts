import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, AuthConfigType } from './auth.config';
import { createHash, randomBytes } from 'node:crypto';
import { AuthErrorCode, AuthException } from './auth.exception';

export const JWT_ALGORITHM = 'HS256';
export const MFA_TOKEN_TTL_SECONDS = 300;

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  typ: 'access';
  /** Always set by us; a token without it would never expire and is refused. */
  exp?: number;
}

interface MfaTokenClaims {
  sub: string;
  typ: 'mfa';
  /** The staff_mfa_challenges row that makes the token single-use. */
  jti: string;
  exp?: number;
}

export interface MfaChallengeRef {
  staffId: number;
  challengeId: string;
}

/** Signs and checks JWTs (HS256 only) and makes the opaque refresh secrets. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: AuthConfigType,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.accessTokenTtlSeconds;
  }

  signAccess(staffId: number, sessionId: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: String(staffId), sid: sessionId, typ: 'access' };
    return this.jwt.signAsync(claims, { algorithm: JWT_ALGORITHM, expiresIn: this.config.accessTokenTtlSeconds });
  }

  /** A short-lived token proving the password step passed; only /auth/login/totp accepts it, once (its jti is a database row). */
  signMfa(staffId: number, challengeId: string): Promise<string> {
    const claims: MfaTokenClaims = { sub: String(staffId), typ: 'mfa', jti: challengeId };
    return this.jwt.signAsync(claims, { algorithm: JWT_ALGORITHM, expiresIn: MFA_TOKEN_TTL_SECONDS });
  }

  async verifyMfa(token: string): Promise<MfaChallengeRef> {
    try {
      const claims = await this.jwt.verifyAsync<MfaTokenClaims>(token, { algorithms: [JWT_ALGORITHM] });
      if (claims.typ !== 'mfa' || !/^\d+$/.test(claims.sub) || typeof claims.jti !== 'string' || typeof claims.exp !== 'number') {
        throw new Error('not an MFA token');
      }
      return { staffId: Number(claims.sub), challengeId: claims.jti };
    } catch {
      throw new AuthException(
        AuthErrorCode.InvalidMfaToken,
        'The sign-in step has expired or is invalid; enter your email and password again',
      );
    }
  }

  newSessionId(): string {
    return randomBytes(16).toString('hex');
  }

  newRefreshSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  hashRefreshSecret(secret: string): string {
    return createHash('sha256').update(secret).digest('hex');
  }
}
