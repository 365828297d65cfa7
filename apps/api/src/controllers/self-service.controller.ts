import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { RequestContext, RequestCtx } from '@resetdesk/core';
import { Public } from '@resetdesk/auth';
import {
  AuthenticatorEnrollmentService,
  CurrentCredentialsDto,
  ForgotPasswordCodeDto,
  HolderPasswordChangeDto,
  HolderPasswordCheck,
  HolderPasswordCheckDto,
  HolderPasswordVerdictDto,
  PasswordCheckGrantDto,
  ForgotPasswordDto,
  ForgotPasswordService,
  ForgotPasswordVerifyDto,
  PasswordChangeService,
  PersonalEmailPortalService,
  PersonalEmailRequestDto,
  RequestAcceptedDto,
  SupportRequestDto,
  SupportRequestService,
} from '@resetdesk/self-service';
import { RedeemResetLinkDto, ResetLinkInfoDto, ResetLinkService, ResetTokenDto } from '@resetdesk/resets';
import {
  AuthenticatorEnrollmentDto,
  AuthenticatorStateDto,
  ConfirmAuthenticatorDto,
  ConfirmPersonalEmailDto,
  DecideManagerApprovalDto,
  ManagerApprovalDecidedDto,
  ManagerApprovalRequestDto,
  ManagerApprovalService,
  ManagerApprovalTokenDto,
  PersonalEmailConfirmationDto,
  PersonalEmailStateDto,
} from '@resetdesk/verification';
import { ApiRateLimited } from '@resetdesk/core';

/** What account holders do without staff: anonymous, and rate-limited per client address (AUTH_RATE_LIMIT_PER_MINUTE per route) before any hashing. */
@ApiTags('self-service')
@Public()
@UseGuards(ThrottlerGuard)
@ApiRateLimited('too many requests from this address; see Retry-After')
@Controller('self-service')
export class SelfServiceController {
  constructor(
    private readonly resetLinks: ResetLinkService,
    private readonly passwordChanges: PasswordChangeService,
    private readonly forgotPassword: ForgotPasswordService,
    private readonly support: SupportRequestService,
    private readonly passwordCheck: HolderPasswordCheck,
    private readonly authenticatorEnrollment: AuthenticatorEnrollmentService,
    private readonly personalEmails: PersonalEmailPortalService,
    private readonly managerApprovals: ManagerApprovalService,
  ) {}

  @Post('forgot-password')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Email a 6-digit code if an account uses this address: always 202 with the same answer; 429 within 60 s of the last request for the address or after 5 in an hour',
  })
  @ApiAcceptedResponse({ type: RequestAcceptedDto })
  async requestCode(@Body() dto: ForgotPasswordDto, @RequestCtx() context: RequestContext): Promise<RequestAcceptedDto> {
    await this.forgotPassword.request(dto.email, context);
    return { message: 'If an account uses this address, a code is on its way. It works for 10 minutes.' };
  }

  @Post('forgot-password/check-code')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The emailed code alone, before the new password: 200 with a check token for the account's own checklist; 422 for a wrong, expired, used or locked code, counted as a wrong try",
  })
  @ApiOkResponse({ type: PasswordCheckGrantDto })
  checkCode(@Body() dto: ForgotPasswordCodeDto, @RequestCtx() context: RequestContext): Promise<PasswordCheckGrantDto> {
    return this.forgotPassword.checkCode(dto, context);
  }

  @Post('forgot-password/verify')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'The emailed code and a new password: 204; 422 for a wrong, expired, used or locked code (one answer) or naming the failed policy rules',
  })
  @ApiNoContentResponse()
  async resetWithCode(@Body() dto: ForgotPasswordVerifyDto, @RequestCtx() context: RequestContext): Promise<void> {
    await this.forgotPassword.verify(dto, context);
  }

  @Post('tickets')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Contact support: opens a portal ticket if an account uses this address and emails that account; always 202 with the same answer',
  })
  @ApiAcceptedResponse({ type: RequestAcceptedDto })
  async contactSupport(@Body() dto: SupportRequestDto, @RequestCtx() context: RequestContext): Promise<RequestAcceptedDto> {
    await this.support.request(dto, context);
    return { message: 'Thank you. If an account uses this address, we opened a ticket and emailed its number to that address.' };
  }

  @Post('reset/inspect')
  @HttpCode(200)
  @ApiOperation({ summary: 'Whether a reset link can still be used, with the account name and policy for the checklist; 410 when not' })
  @ApiOkResponse({ type: ResetLinkInfoDto })
  inspectResetLink(@Body() dto: ResetTokenDto) {
    return this.resetLinks.inspect(dto.token);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with a reset link (once): 204, 422 naming the failed rules, 410 when used, replaced or expired',
  })
  @ApiNoContentResponse()
  async redeemResetLink(@Body() dto: RedeemResetLinkDto, @RequestCtx() context: RequestContext): Promise<void> {
    await this.resetLinks.redeem(dto.token, dto.newPassword, context);
  }

  @Post('change-password/verify')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The current password alone, before the new one: 200 with a check token for the account's own checklist; 401 as for change-password, under the same limits",
  })
  @ApiOkResponse({ type: PasswordCheckGrantDto })
  verifyCurrentPassword(@Body() dto: CurrentCredentialsDto, @RequestCtx() context: RequestContext): Promise<PasswordCheckGrantDto> {
    return this.passwordChanges.verify(dto, context);
  }

  // Live checklists call this while people type: generous per address (a whole office may share one), bounded per
  // account, and the costly history answers have a budget of their own.
  @Throttle({ default: { limit: 600, ttl: 60_000 } })
  @Post('password-check')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Which of the account's rules a candidate passes — its policy and its history, exactly as the change will judge it (never logged or stored); 410 once the check token has expired",
  })
  @ApiOkResponse({ type: HolderPasswordVerdictDto })
  checkPassword(@Body() dto: HolderPasswordCheckDto): Promise<HolderPasswordVerdictDto> {
    return this.passwordCheck.check(dto);
  }

  @Post('change-password')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Change a password with the current one (also an expired or a temporary one): 204, 401 wrong username or password (the same for unknown usernames), 422 naming the failed rules or a mismatch',
  })
  @ApiNoContentResponse()
  async changePassword(@Body() dto: HolderPasswordChangeDto, @RequestCtx() context: RequestContext): Promise<void> {
    await this.passwordChanges.change(dto, context);
  }

  @Post('authenticator/enroll')
  @HttpCode(200)
  // The answer carries the new secret (as a QR code too): no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Start setting up an authenticator app, proved by the current password (not a temporary or expired one): 200 with the QR code and an enrollment token for 10 minutes; 401 as for change-password, under the same limits',
  })
  @ApiOkResponse({ type: AuthenticatorEnrollmentDto })
  enrollAuthenticator(@Body() dto: CurrentCredentialsDto, @RequestCtx() context: RequestContext): Promise<AuthenticatorEnrollmentDto> {
    return this.authenticatorEnrollment.start(dto, context);
  }

  @Post('authenticator/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Finish the setup with the code the app shows: 200, and the app replaces any enrolled before (the holder is emailed); 422 wrong code with attempts left; 410 once the enrollment expired, was replaced or ended after 5 wrong codes',
  })
  @ApiOkResponse({ type: AuthenticatorStateDto })
  confirmAuthenticator(@Body() dto: ConfirmAuthenticatorDto, @RequestCtx() context: RequestContext): Promise<AuthenticatorStateDto> {
    return this.authenticatorEnrollment.confirm(dto, context);
  }

  @Post('authenticator/remove')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Remove the enrolled authenticator app, proved by the current password: 200 (the holder is emailed); 422 when none is enrolled',
  })
  @ApiOkResponse({ type: AuthenticatorStateDto })
  removeAuthenticator(@Body() dto: CurrentCredentialsDto, @RequestCtx() context: RequestContext): Promise<AuthenticatorStateDto> {
    return this.authenticatorEnrollment.remove(dto, context);
  }

  @Post('personal-email/start')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Put a personal email on record, proved by the current password (not a temporary or expired one): 200, and a 6-digit code goes to that address, with a confirmation token for 10 minutes; 401 as for change-password, under the same limits; 422 for the login email; 409 when it is already on record; 429 after 5 codes in an hour',
  })
  @ApiOkResponse({ type: PersonalEmailConfirmationDto })
  startPersonalEmail(@Body() dto: PersonalEmailRequestDto, @RequestCtx() context: RequestContext): Promise<PersonalEmailConfirmationDto> {
    return this.personalEmails.start(dto, context);
  }

  @Post('personal-email/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Confirm the address with the code sent to it: 200, and it replaces any personal email before (the login email and the replaced address are emailed); 422 wrong code with attempts left; 410 once the confirmation expired, was replaced or ended after 5 wrong codes',
  })
  @ApiOkResponse({ type: PersonalEmailStateDto })
  confirmPersonalEmail(@Body() dto: ConfirmPersonalEmailDto, @RequestCtx() context: RequestContext): Promise<PersonalEmailStateDto> {
    return this.personalEmails.confirm(dto, context);
  }

  @Post('personal-email/remove')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Take the personal email off the record, proved by the current password: 200 (both addresses are emailed); 422 when none is on record',
  })
  @ApiOkResponse({ type: PersonalEmailStateDto })
  removePersonalEmail(@Body() dto: CurrentCredentialsDto, @RequestCtx() context: RequestContext): Promise<PersonalEmailStateDto> {
    return this.personalEmails.remove(dto, context);
  }

  @Post('manager-approval/inspect')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "What a manager's approval link asks: 200 with the holder, the ticket and the agent; 410 once it was answered, expired (30 minutes) or its ticket moved on — the same for a token that never existed",
  })
  @ApiOkResponse({ type: ManagerApprovalRequestDto })
  inspectManagerApproval(@Body() dto: ManagerApprovalTokenDto): Promise<ManagerApprovalRequestDto> {
    return this.managerApprovals.inspect(dto.token);
  }

  @Post('manager-approval/decide')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The manager's answer: approve verifies the caller on the ticket; deny ends its verification, withdraws its open codes and alerts every supervisor. 200 once; 410 afterwards, after 30 minutes, or once the ticket moved on",
  })
  @ApiOkResponse({ type: ManagerApprovalDecidedDto })
  decideManagerApproval(@Body() dto: DecideManagerApprovalDto, @RequestCtx() context: RequestContext): Promise<ManagerApprovalDecidedDto> {
    return this.managerApprovals.decide(dto.token, dto.decision, context);
  }
}
