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
  Res,
  UnsupportedMediaTypeException,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AccountDetailDto,
  AccountDto,
  AccountImportService,
  AccountListFilter,
  accountListSpec,
  AccountsService,
  CreateAccountDto,
  IMPORT_TEMPLATE,
  UpdateAccountDto,
} from '@resetdesk/accounts';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestErrorCode, RequestException, RequestContext, RequestCtx, ApiSignedIn } from '@resetdesk/core';
import type { Response } from 'express';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { idPipe } from '../id.pipe';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
/** 16 MB holds well over 100,000 rows. */
const IMPORT_MAX_BYTES = 16 * 1024 * 1024;
/** A real import's confirmation: the hex SHA-256 its dry run answered. */
const confirmPipe = {
  transform(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value))
      throw new RequestException(RequestErrorCode.Validation, 'confirm must be the fileSha256 of the dry run (64 hex digits)');
    return value;
  },
};

const dryRunPipe = new ParseBoolPipe({
  optional: true,
  exceptionFactory: () => new RequestException(RequestErrorCode.Validation, 'dryRun must be a boolean: true or false'),
});

/** The account directory. Every staff member searches it; admins create and change accounts. No DELETE: disable instead. */
@ApiTags('accounts')
@ApiSignedIn()
@MinRole('verifier')
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
  @ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'check only: nothing is written; answers fileSha256' })
  @ApiQuery({
    name: 'confirm',
    required: false,
    schema: { type: 'string', maxLength: 64, pattern: '^[0-9a-f]{64}$' },
    description: 'for the real import: the fileSha256 its dry run answered (409 IMPORT_NOT_CHECKED otherwise)',
  })
  @ApiOperation({
    summary:
      'Upsert accounts by username from CSV (username,email,display_name,chat_id,personal_email,phone,manager,privileged,policy,password_changed_at; personal_email, phone and manager only where the column is given): a dry run first, then the import of the same file; answers a per-row report with the rejected rows as given',
  })
  async import(
    @CurrentStaff() staff: StaffPrincipal,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Query('dryRun', dryRunPipe) dryRun: boolean | undefined,
    @Query('confirm', confirmPipe) confirm: string | undefined,
    @RequestCtx() context: RequestContext,
  ) {
    if (!file) throw new RequestException(RequestErrorCode.Validation, 'Upload the CSV as the multipart field "file"');
    return this.importer.importUpload(file.buffer, { dryRun: dryRun ?? false, confirm, actor: staffActor(staff), context });
  }

  @Get('import/template')
  @MinRole('admin')
  @ApiOperation({ summary: 'The import CSV template: the columns in order and one example row' })
  @ApiProduces('text/csv')
  template(@Res() response: Response): void {
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', 'attachment; filename="accounts-import-template.csv"');
    response.send(IMPORT_TEMPLATE);
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
