import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@resetdesk/auth';
import { SystemService } from '@resetdesk/system';

@ApiTags('system')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @ApiOperation({ summary: 'Database and Redis status; 503 naming what is down' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down' })
  check() {
    return this.system.checkHealth();
  }
}
