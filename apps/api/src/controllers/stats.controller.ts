import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequestContext, RequestCtx } from '@resetdesk/core';
import { CurrentStaff, MinRole } from '@resetdesk/auth';
import { StaffPrincipal, staffActor } from '@resetdesk/staff';
import { StatsDto, StatsQueryDto, StatsService } from '@resetdesk/stats';
import type { Response } from 'express';
import { ApiSignedIn } from '@resetdesk/core';

/** The supervisor dashboard: how the desk is doing over a range of days, and where risk sits. */
@ApiTags('stats')
@ApiSignedIn()
@MinRole('supervisor')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOperation({ summary: 'Dashboard figures for whole local days from..to (default: the last 30 days), per day or per ISO week' })
  @ApiOkResponse({ type: StatsDto })
  figures(@Query() query: StatsQueryDto) {
    return this.stats.figures(query);
  }

  @Get('export')
  @ApiOperation({ summary: 'The same figures as CSV (one number per line, RFC 4180, formula-safe); the export is audited' })
  @ApiProduces('text/csv')
  async export(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: StatsQueryDto,
    @RequestCtx() context: RequestContext,
    @Res() response: Response,
  ): Promise<void> {
    const report = await this.stats.exportCsv(staffActor(staff), query, context);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${report.fileName}"`);
    response.setHeader('X-Total-Count', String(report.rows));
    await report.pipeTo(response);
  }
}
