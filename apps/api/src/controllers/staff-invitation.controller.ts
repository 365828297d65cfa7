import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public, StaffInvitations } from '@resetdesk/auth';
import { ApiRateLimited, RequestContext, RequestCtx } from '@resetdesk/core';
import { IsString, MaxLength } from 'class-validator';

export class InvitationTokenDto {
  @ApiProperty({ description: 'from the invitation email; never logged' })
  @MaxLength(128, { message: 'token must be at most 128 characters' })
  @IsString({ message: 'token must be text' })
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @ApiProperty({ description: 'the password the new member chooses; never logged or stored in clear' })
  @MaxLength(256, { message: 'password must be at most 256 characters' })
  @IsString({ message: 'password must be text' })
  password: string;
}

export class InvitationInfoDto {
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty() expiresAt: string;
}

/** A new staff member's invitation link: look at it, then choose a password with it once. Anonymous, limited per address. */
@ApiTags('auth')
@Public()
@UseGuards(ThrottlerGuard)
@ApiRateLimited('too many requests from this address; see Retry-After')
@Controller('auth/invitation')
export class StaffInvitationController {
  constructor(private readonly invitations: StaffInvitations) {}

  @Post('inspect')
  @HttpCode(200)
  @ApiOperation({ summary: 'Who an invitation link is for; 410 when used, replaced, expired or its member disabled' })
  @ApiOkResponse({ type: InvitationInfoDto })
  inspect(@Body() dto: InvitationTokenDto) {
    return this.invitations.inspect(dto.token);
  }

  @Post('accept')
  @HttpCode(204)
  @ApiOperation({ summary: 'Choose the password with the link (once): 204, 422 naming the staff password rules it breaks, 410 as inspect' })
  @ApiNoContentResponse()
  async accept(@Body() dto: AcceptInvitationDto, @RequestCtx() context: RequestContext): Promise<void> {
    await this.invitations.accept(dto.token, dto.password, context);
  }
}
