import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CurrentStaff, MinRole, Public } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestContext, RequestCtx, ApiSignedIn, ApiRateLimited } from '@resetdesk/core';
import {
  CheckPasswordDto,
  CreatePolicyDto,
  PasswordCheckDto,
  PoliciesService,
  PolicyDto,
  PolicyImpactDto,
  PolicyListFilter,
  policyListSpec,
  UpdatePolicyDto,
} from '@resetdesk/policies';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { idPipe } from '../id.pipe';

/** Password policies: every signed-in member reads them, admins change them; anyone may test a password. */
@ApiTags('password policies')
@MinRole('verifier')
@Controller('password-policies')
export class PasswordPoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  // Live checklists call this while people type: generous, but bounded per address.
  @Throttle({ default: { limit: 120, ttl: 60_000 } })
  @ApiRateLimited()
  @Post('check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which rules a candidate password passes (never logged or stored)' })
  @ApiOkResponse({ type: PasswordCheckDto })
  check(@Body() dto: CheckPasswordDto) {
    return this.policies.check(dto);
  }

  @Get()
  @ApiSignedIn()
  @ApiOkResponse({ type: [PolicyDto] })
  list(@ListQueryParam(policyListSpec) query: ListQuery<PolicyListFilter>) {
    return this.policies.list(query);
  }

  @Get(':id')
  @ApiSignedIn()
  @ApiOkResponse({ type: PolicyDto })
  get(@Param('id', idPipe) id: number) {
    return this.policies.get(id);
  }

  @Post()
  @ApiSignedIn()
  @MinRole('admin')
  @ApiCreatedResponse({ type: PolicyDto })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() dto: CreatePolicyDto, @RequestCtx() context: RequestContext) {
    return this.policies.create(staffActor(staff), dto, context);
  }

  @Put(':id')
  @ApiSignedIn()
  @MinRole('admin')
  @ApiOkResponse({ type: PolicyDto })
  update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: UpdatePolicyDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.policies.update(staffActor(staff), id, dto, context);
  }

  @Post(':id/impact')
  @HttpCode(200)
  @ApiSignedIn()
  @MinRole('admin')
  @ApiOperation({ summary: 'What saving these changes would do to passwords, before saving: how many it expires now or within 7 days' })
  @ApiOkResponse({ type: PolicyImpactDto })
  impact(@Param('id', idPipe) id: number, @Body() dto: UpdatePolicyDto): Promise<PolicyImpactDto> {
    return this.policies.impact(id, dto);
  }

  @Delete(':id')
  @ApiSignedIn()
  @MinRole('admin')
  @ApiOkResponse({ type: PolicyDto, description: 'the deleted policy; the default policy cannot be deleted' })
  remove(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @RequestCtx() context: RequestContext) {
    return this.policies.remove(staffActor(staff), id, context);
  }
}
