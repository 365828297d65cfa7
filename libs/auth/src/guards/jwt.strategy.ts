import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { authConfig, AuthConfigType } from '../auth.config';
import type { StaffPrincipal } from '@resetdesk/staff';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthErrorCode, AuthException } from '../auth.exception';
import { SessionService } from '../session.service';
import { AccessTokenClaims, JWT_ALGORITHM } from '../token.service';

/** Bearer access tokens: HS256 only (so `alg: none` and other keys fail), then the session must still be live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly sessions: SessionService,
    @Inject(authConfig.KEY) config: AuthConfigType,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A ready KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<StaffPrincipal> {
    const principal = await this.sessions.resolvePrincipal(claims);
    if (!principal) throw new AuthException(AuthErrorCode.SessionEnded, 'Your session has ended; sign in again');
    return principal;
  }
}
