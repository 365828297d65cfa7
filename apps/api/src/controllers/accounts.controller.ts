import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseBoolPipe,
  Post,
  Put,
  Query,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AccountDetailDto,
  AccountDto,
  AccountImportService,
  AccountListFilter,
  accountListSpec,
  AccountsService,
  CreateAccountDto,
  UpdateAccountDto,
} from '@resetdesk/accounts';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestErrorCode, RequestException, RequestContext, RequestCtx, ApiSignedIn } from '@resetdesk/core';
import { Readable } from 'node:stream';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { idPipe } from '../id.pipe';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
/** 16 MB holds well over 100,000 rows. */
const IMPORT_MAX_BYTES = 16 * 1024 * 1024;
const dryRunPipe = new ParseBoolPipe({
  optional: true,
  exceptionFactory: () => new RequestException(RequestErrorCode.Validation, 'dryRun must be a boolean: true or false'),
});

/** The account directory. Agents search it; admins create and change accounts. No DELETE: disable instead. */
@ApiTags('accounts')
@ApiSignedIn()
@MinRole('agent')
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly importer: AccountImportService,
  ) {}

  @Post('import')
  @MinRole('admin')
  @HttpCode(200)
  @UseInterceptors(
    FileInterceptor('file', {
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1 },
      fileFilter: (_request, file, accept) =>
        CSV_TYPES.includes(file.mimetype) || file.originalname.toLowerCase().endsWith('.csv')
          ? accept(null, true)
          : accept(new UnsupportedMediaTypeException(`Upload a .csv file (got ${file.mimetype})`), false),
    }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean })
  @ApiOperation({
    summary:
      'Upsert accounts by username from CSV (username,email,display_name,chat_id,privileged,policy,password_changed_at); answers a per-row report',
  })
  async import(
    @CurrentStaff() staff: StaffPrincipal,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query('dryRun', dryRunPipe) dryRun: boolean | undefined,
    @RequestCtx() context: RequestContext,
  ) {
    if (!file) throw new RequestException(RequestErrorCode.Validation, 'Upload the CSV as the multipart field "file"');
    return this.importer.import(Readable.from(file.buffer), { dryRun: dryRun ?? false, actor: staffActor(staff), context });
  }

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
  update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', idPipe) id: number,
    @Body() dto: UpdateAccountDto,
    @RequestCtx() context: RequestContext,
  ) {
    return this.accounts.update(staffActor(staff), id, dto, context);
  }
}
