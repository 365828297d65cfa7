import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  AuditEventDto,
  AuditEventListFilter,
  auditEventExportSpec,
  auditEventListSpec,
  AuditReviewService,
  AuditStaffMemberDto,
  ChainStatusDto,
} from '@resetdesk/audit';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { ListQuery, ListQueryParam, RequestContext, RequestCtx, ApiSignedIn } from '@resetdesk/core';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import type { Response } from 'express';
import { idPipe } from '../id.pipe';
import { timeZonePipe } from '../time-zone.pipe';

/** The audit trail, read-only: there is no route that changes or deletes an event. */
@ApiTags('audit')
@ApiSignedIn()
@MinRole('supervisor')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly audit: AuditReviewService) {}

  @Get()
  @ApiOperation({ summary: 'Audit events (ra-data-simple-rest list)' })
  @ApiQuery({ name: 'filter', required: false, example: '{"action":"auth.sign_in.failed","from":"2026-11-01"}' })
  @ApiOkResponse({ type: [AuditEventDto] })
  list(@ListQueryParam(auditEventListSpec) query: ListQuery<AuditEventListFilter>) {
    return this.audit.list(query);
  }

  @Get('export')
  @ApiOperation({
    summary:
      'CSV of the filtered events (RFC 4180, UTF-8, formula-safe) with names beside the ids and each time also in the zone asked for; the export is audited',
  })
  @ApiQuery({
    name: 'tz',
    required: false,
    schema: { type: 'string', maxLength: 64, example: 'Europe/Berlin' },
    description: 'IANA time zone of the localTime column (default UTC)',
  })
  @ApiProduces('text/csv')
  async export(
    @CurrentStaff() staff: StaffPrincipal,
    @ListQueryParam(auditEventExportSpec) query: ListQuery<AuditEventListFilter>,
    @Query('tz', timeZonePipe) timeZone: string,
    @RequestCtx() context: RequestContext,
    @Res() response: Response,
  ): Promise<void> {
    const csv = await this.audit.exportCsv(staffActor(staff), query.filter, timeZone, context);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="audit-events-${new Date().toISOString().slice(0, 10)}.csv"`);
    response.setHeader('X-Total-Count', String(csv.rows));
    await csv.pipeTo(response);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the whole hash chain now; names the first broken event' })
  @ApiOkResponse({ type: ChainStatusDto })
  verify(@CurrentStaff() staff: StaffPrincipal, @RequestCtx() context: RequestContext) {
    return this.audit.verify(staffActor(staff), context, 'api');
  }

  @Get('chain')
  @ApiOperation({ summary: 'Result of the last verification and how many events wait to be sealed' })
  @ApiOkResponse({ type: ChainStatusDto })
  chain() {
    return this.audit.chainStatus();
  }

  @Get('staff')
  @ApiOperation({ summary: "Staff members by name, for the audit log's staff picker (supervisors cannot list staff otherwise)" })
  @ApiOkResponse({ type: [AuditStaffMemberDto] })
  staffMembers() {
    return this.audit.staffMembers();
  }

  @Get(':id')
  @ApiOkResponse({ type: AuditEventDto })
  get(@Param('id', idPipe) id: number) {
    return this.audit.get(id);
  }
}
