import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfirmPasswordDto, CurrentStaff, MinRole, StaffInvitations, TwoFactorService } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestContext, RequestCtx, ApiSignedIn } from '@resetdesk/core';
import { CreateStaffDto, StaffDto, StaffListFilter, staffListSpec, StaffPrincipal, StaffService, UpdateStaffDto } from '@resetdesk/staff';
import { idPipe } from '../id.pipe';

/** Staff administration. No DELETE: disable a member instead, so the audit trail keeps its actors. */
@ApiTags('staff')
@ApiSignedIn()
@MinRole('admin')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly twoFactor: TwoFactorService,
    private readonly invitations: StaffInvitations,
  ) {}

  @Get()
  @ApiOkResponse({ type: [StaffDto] })
  list(@ListQueryParam(staffListSpec) query: ListQuery<StaffListFilter>) {
    return this.staff.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: StaffDto })
  get(@Param('id', idPipe) id: number) {
    return this.staff.get(id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a member: invite them (an emailed link to choose their password) or give an initial password' })
  @ApiCreatedResponse({ type: StaffDto })
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateStaffDto, @RequestCtx() context: RequestContext) {
    return dto.invite ? this.invitations.invite(actor, dto, context) : this.staff.create(actor, dto, context);
  }

  @Post(':id/invitation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the invitation again (a member who has not signed in yet): the earlier link stops working' })
  @ApiOkResponse({ type: StaffDto })
  resendInvitation(@CurrentStaff() actor: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.invitations.resend(actor, id, context);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change name, role, password or disabled; role, password and disabling sign the member out everywhere' })
  @ApiOkResponse({ type: StaffDto })
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: UpdateStaffDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.staff.update(actor, id, dto, context);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear failed sign-ins and the lock' })
  @ApiOkResponse({ type: StaffDto })
  unlock(@CurrentStaff() actor: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.staff.unlock(actor, id, context);
  }

  @Post(':id/reset-2fa')
  @HttpCode(200)
  @ApiOperation({ summary: 'Turn off two-factor sign-in (lost device); the member enrolls again. Asks for your own password again' })
  @ApiOkResponse({ type: StaffDto })
  resetTotp(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: ConfirmPasswordDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.twoFactor.resetMemberTotp(actor, id, dto, context);
  }
}
