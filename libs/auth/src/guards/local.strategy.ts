import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { createValidationPipe, requestContextOf } from '@resetdesk/core';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { LoginDto } from '../dto/auth.dto';
import { PasswordSignInService, SignInResult } from '../password-sign-in.service';

/** Email + password. The body was validated by LocalAuthGuard before passport sees it. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly passwordSignIn: PasswordSignInService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: Request, email: string, password: string): Promise<SignInResult> {
    return this.passwordSignIn.signIn({ email, password }, requestContextOf(request));
  }
}

const validation = createValidationPipe();

/** Validates the sign-in body like any DTO (400 naming the field) before passport spends hash time on it. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    request.body = await validation.transform(request.body, { type: 'body', metatype: LoginDto });
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- passport hands over what the strategy failed with; rethrown as is
    if (error) throw error;
    return user;
  }
}
