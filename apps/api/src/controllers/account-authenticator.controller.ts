import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ApiSignedIn, RequestContext, RequestCtx } from '@resetdesk/core';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { AuthenticatorStateDto, HolderAuthenticatorService } from '@resetdesk/verification';
import { idPipe } from '../id.pipe';

/** The holder's authenticator app as staff see it: whether one is enrolled; admins remove a lost one. Never the secret. */
@ApiTags('accounts')
@ApiSignedIn()
@MinRole('verifier')
@Controller('accounts/:id/authenticator')
export class AccountAuthenticatorController {
  constructor(private readonly authenticators: HolderAuthenticatorService) {}

  @Get()
  @ApiOperation({ summary: 'Whether the holder enrolled an authenticator app, and when; 404 for an unknown account' })
  @ApiOkResponse({ type: AuthenticatorStateDto })
  state(@Param('id', idPipe) id: number): Promise<AuthenticatorStateDto> {
    return this.authenticators.stateOf(id);
  }

  @Delete()
  @MinRole('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Remove the holder's authenticator app (a lost or replaced phone): its codes stop verifying; the holder is emailed; 422 when none is enrolled",
  })
  @ApiOkResponse({ type: AuthenticatorStateDto })
  remove(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @RequestCtx() context: RequestContext,
  ): Promise<AuthenticatorStateDto> {
    return this.authenticators.removeFor(id, staffActor(staff), context);
  }
}
