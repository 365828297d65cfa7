import { Body, Controller, Get, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiExtraModels, getSchemaPath, ApiCookieAuth, ApiNoContentResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import {
  AccessTokenDto,
  AllowDuringMfaEnrollment,
  ChangePasswordDto,
  ConfirmPasswordDto,
  CurrentStaff,
  LocalAuthGuard,
  LoginDto,
  MfaChallengeDto,
  MinRole,
  PasswordSignInService,
  ProfileDto,
  ProfileService,
  Public,
  RecoveryCodesDto,
  SessionCookie,
  SessionService,
  SignInResult,
  SignInThrottlerGuard,
  ThrottlePerSession,
  TotpConfirmDto,
  TotpEnrollmentDto,
  TotpLoginDto,
  TwoFactorService,
} from '@resetdesk/auth';
import { RequestContext, RequestCtx, ApiSignedIn, ApiRateLimited, ApiErrorResponses, SecurityScheme } from '@resetdesk/core';
import type { StaffPrincipal } from '@resetdesk/staff';
import type { Request, Response } from 'express';

/** Answers carrying tokens, TOTP secrets or recovery codes must never sit in a browser or proxy cache. */
const NO_STORE = ['Cache-Control', 'no-store'] as const;

/**
 * Staff sign-in. The anonymous password and TOTP steps are rate-limited per client address before
 * any password hashing happens; refresh is limited per session, and signed-in routes not at all, so
 * a desk behind one NAT address is not throttled for loading pages.
 */
@ApiTags('auth')
@UseGuards(SignInThrottlerGuard)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly passwordSignIn: PasswordSignInService,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly profiles: ProfileService,
    private readonly cookie: SessionCookie,
  ) {}

  @Public()
  @UseGuards(LocalAuthGuard)
  @Post('login')
  @Header(...NO_STORE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Email + password; answers an access token, or an MFA challenge when 2FA is on' })
  @ApiRateLimited('too many attempts from this address; see Retry-After')
  @ApiErrorResponses(401)
  @ApiExtraModels(AccessTokenDto, MfaChallengeDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(AccessTokenDto) }, { $ref: getSchemaPath(MfaChallengeDto) }] } })
  login(@Body() _dto: LoginDto, @Req() request: Request & { user: SignInResult }, @Res({ passthrough: true }) response: Response) {
    const result = request.user;
    if (result.mfaRequired) return { mfaRequired: true, mfaToken: result.mfaToken } satisfies MfaChallengeDto;
    return this.cookie.start(response, result.session);
  }

  @Public()
  @Post('login/totp')
  @Header(...NO_STORE)
  @HttpCode(200)
  @ApiOperation({ summary: 'Second step: a TOTP code or a recovery code with the mfaToken' })
  @ApiRateLimited('too many attempts from this address; see Retry-After')
  @ApiErrorResponses(401)
  @ApiOkResponse({ type: AccessTokenDto })
  async loginTotp(@Body() dto: TotpLoginDto, @RequestCtx() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    return this.cookie.start(response, await this.passwordSignIn.completeTotp(dto, context));
  }

  @Public()
  @Post('refresh')
  @ThrottlePerSession()
  @Header(...NO_STORE)
  @HttpCode(200)
  @ApiOperation({ summary: 'New access token from the httpOnly refresh cookie (which rotates)' })
  @ApiCookieAuth(SecurityScheme.RefreshCookie)
  @ApiRateLimited('too many refreshes for this session; see Retry-After')
  @ApiErrorResponses(401)
  @ApiOkResponse({ type: AccessTokenDto })
  async refresh(@Req() request: Request, @RequestCtx() context: RequestContext, @Res({ passthrough: true }) response: Response) {
    try {
      return this.cookie.start(response, await this.sessions.refresh(this.cookie.read(request), context));
    } catch (error) {
      this.cookie.clear(response);
      throw error;
    }
  }

  @Get('me')
  @SkipThrottle()
  @MinRole('verifier')
  @AllowDuringMfaEnrollment()
  @ApiSignedIn()
  @ApiOkResponse({ type: ProfileDto })
  me(@CurrentStaff() staff: StaffPrincipal) {
    return this.profiles.profile(staff);
  }

  @Post('logout')
  @SkipThrottle()
  @HttpCode(204)
  @MinRole('verifier')
  @AllowDuringMfaEnrollment()
  @ApiSignedIn()
  @ApiOperation({ summary: 'Ends every session of the signed-in member' })
  @ApiNoContentResponse({ description: 'signed out; the refresh cookie is cleared' })
  async logout(
    @CurrentStaff() staff: StaffPrincipal,
    @RequestCtx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.sessions.signOut(staff, context);
    this.cookie.clear(response);
  }

  @Post('totp/enroll')
  @Header(...NO_STORE)
  @SkipThrottle()
  @MinRole('verifier')
  @AllowDuringMfaEnrollment()
  @ApiSignedIn()
  @ApiOkResponse({ type: TotpEnrollmentDto })
  @HttpCode(200)
  @ApiOperation({ summary: 'Start 2FA enrollment; asks for your password again' })
  enroll(@CurrentStaff() staff: StaffPrincipal, @Body() dto: ConfirmPasswordDto, @RequestCtx() context: RequestContext) {
    return this.twoFactor.startEnrollment(staff, dto, context);
  }

  @Post('totp/confirm')
  @Header(...NO_STORE)
  @SkipThrottle()
  @MinRole('verifier')
  @AllowDuringMfaEnrollment()
  @ApiSignedIn()
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto })
  confirm(@CurrentStaff() staff: StaffPrincipal, @Body() dto: TotpConfirmDto, @RequestCtx() context: RequestContext) {
    return this.twoFactor.confirmEnrollment(staff, dto, context);
  }

  @Post('password')
  @SkipThrottle()
  @HttpCode(204)
  @MinRole('verifier')
  @ApiSignedIn()
  @ApiOperation({ summary: 'Change your own password; every session ends, this one too' })
  @ApiNoContentResponse({ description: 'changed; sign in again with the new password' })
  async changePassword(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: ChangePasswordDto,
    @RequestCtx() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    await this.profiles.changePassword(staff, dto, context);
    this.cookie.clear(response);
  }
}
