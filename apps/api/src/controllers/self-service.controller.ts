import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { RequestContext, RequestCtx } from '@resetdesk/audit';
import { Public } from '@resetdesk/auth';
import { ChangePasswordDto, PasswordChangeService } from '@resetdesk/self-service';
import { RedeemResetLinkDto, ResetLinkInfoDto, ResetLinkService, ResetTokenDto } from '@resetdesk/tickets';

/** What account holders do without staff: anonymous, and rate-limited per client address (AUTH_RATE_LIMIT_PER_MINUTE per route) before any hashing. */
@ApiTags('self-service')
@Public()
@UseGuards(ThrottlerGuard)
@ApiTooManyRequestsResponse({ description: 'too many requests from this address; see Retry-After' })
@Controller('self-service')
export class SelfServiceController {
  constructor(
    private readonly resetLinks: ResetLinkService,
    private readonly passwordChanges: PasswordChangeService,
  ) {}

  @Post('reset/inspect')
  @HttpCode(200)
  @ApiOperation({ summary: 'Whether a reset link can still be used, with the account name and policy for the checklist; 410 when not' })
  @ApiOkResponse({ type: ResetLinkInfoDto })
  inspectResetLink(@Body() dto: ResetTokenDto) {
    return this.resetLinks.inspect(dto.token);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a reset link (once): 204, 422 naming the failed rules, 410 when used, replaced or expired' })
  @ApiNoContentResponse()
  async redeemResetLink(@Body() dto: RedeemResetLinkDto, @RequestCtx() context: RequestContext): Promise<void> {
    await this.resetLinks.redeem(dto.token, dto.newPassword, context);
  }

  @Post('change-password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change a password with the current one (also an expired or a temporary one): 204, 401 wrong username or password (the same for unknown usernames), 422 naming the failed rules or a mismatch',
  })
  @ApiNoContentResponse()
  async changePassword(@Body() dto: ChangePasswordDto, @RequestCtx() context: RequestContext): Promise<void> {
    await this.passwordChanges.change(dto, context);
  }
}
