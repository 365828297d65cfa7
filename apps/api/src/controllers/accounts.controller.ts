import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AccountDetailDto, AccountDto, AccountListFilter, accountListSpec, AccountsService, CreateAccountDto, UpdateAccountDto } from '@resetdesk/accounts';
import { RequestContext, RequestCtx } from '@resetdesk/audit';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam } from '@resetdesk/core';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { idPipe } from '../id.pipe';

/** The account directory. Agents search it; admins create and change accounts. No DELETE: disable instead. */
@ApiTags('accounts')
@ApiBearerAuth()
@MinRole('agent')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Search by username, email or display name; filter by status, policy, privileged, expiring within N days' })
  @ApiQuery({ name: 'filter', required: false, example: '{"q":"dana","expiringWithinDays":7}' })
  @ApiOkResponse({ type: [AccountDto] })
  list(@ListQueryParam(accountListSpec) query: ListQuery<AccountListFilter>) {
    return this.accounts.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: AccountDetailDto })
  get(@Param('id', idPipe) id: number) {
    return this.accounts.get(id);
  }

  @Post()
  @MinRole('admin')
  @ApiCreatedResponse({ type: AccountDetailDto })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() dto: CreateAccountDto, @RequestCtx() context: RequestContext) {
    return this.accounts.create(staffActor(staff), dto, context);
  }

  @Put(':id')
  @MinRole('admin')
  @ApiOkResponse({ type: AccountDetailDto })
  update(@CurrentStaff() staff: StaffPrincipal, @Param('id', idPipe) id: number, @Body() dto: UpdateAccountDto, @RequestCtx() context: RequestContext) {
    return this.accounts.update(staffActor(staff), id, dto, context);
  }
}
