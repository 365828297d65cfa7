import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AllowLoopback, MinRole } from '@resetdesk/auth';
import { MetricsService } from '@resetdesk/core';
import type { Response } from 'express';

/** Prometheus scrape endpoint at /metrics (outside /api): a scraper on this host, or an admin's token. */
@ApiExcludeController()
@MinRole('admin')
@AllowLoopback()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    response.setHeader('Content-Type', contentType);
    response.send(body);
  }
}
