import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ConfigModule } from '@nestjs/config';
import { MailModule } from '@resetdesk/mail';
import { StaffModule } from '@resetdesk/staff';
import { JwtAuthGuard, RolesGuard } from './guards/access.guards';
import { JwtStrategy } from './guards/jwt.strategy';
import { PasswordConfirmationService } from './password-confirmation.service';
import { PasswordSignInService } from './password-sign-in.service';
import { ProfileService } from './profile.service';
import { SessionCookie } from './session-cookie';
import { SessionService } from './session.service';
import { SignInAttemptsService } from './sign-in-attempts.service';
import { StaffInvitations } from './staff-invitations.service';
import { LocalStrategy } from './guards/local.strategy';
import { TokenService } from './token.service';
import { TwoFactorService } from './two-factor.service';
import { authConfig, AuthConfigType } from './auth.config';

@Module({
  imports: [
    StaffModule,
    MailModule,
    PassportModule,
    ConfigModule.forFeature(authConfig),
    JwtModule.registerAsync({
      imports: [ConfigModule.forFeature(authConfig)],
      inject: [authConfig.KEY],
      useFactory: (auth: AuthConfigType) => ({ secret: auth.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [
    SessionService,
    PasswordSignInService,
    TwoFactorService,
    ProfileService,
    SessionCookie,
    SignInAttemptsService,
    PasswordConfirmationService,
    StaffInvitations,
    TokenService,
    JwtStrategy,
    LocalStrategy,
    JwtAuthGuard,
    RolesGuard,
  ],
  exports: [
    SessionService,
    PasswordSignInService,
    TwoFactorService,
    ProfileService,
    SessionCookie,
    JwtAuthGuard,
    RolesGuard,
    StaffInvitations,
  ],
})
export class AuthModule {}
