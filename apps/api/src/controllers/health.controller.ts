import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import { CurrentStaff, IdentifyIfSignedIn, Public } from '@resetdesk/auth';
import { isLocalCaller } from '@resetdesk/core';
import type { StaffPrincipal } from '@resetdesk/staff';
import { SystemService } from '@resetdesk/system';
import type { Request } from 'express';

@ApiTags('system')
@Public()
@IdentifyIfSignedIn()
@Controller('health')
export class HealthController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @ApiOperation({ summary: "Overall status; each dependency's state for signed-in staff and callers on this host; 503 when one is down" })
  @ApiOkResponse({ description: 'every dependency answers' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down' })
  check(@CurrentStaff() staff: StaffPrincipal | undefined, @Req() request: Request) {
    return this.system.checkHealth(Boolean(staff) || isLocalCaller(request));
  }

  /**
   * Liveness: the process answers. It asks no dependency on purpose — an orchestrator restarts what fails this,
   * and restarting every instance because the database is away would only add a cold start to the outage.
   */
  @Get('live')
  @ApiOperation({ summary: 'The process answers (liveness); depends on nothing, unlike the readiness check above' })
  @ApiOkResponse({ description: 'the process is alive' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
