import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsService, RequestErrorCode, RequestException } from '@resetdesk/core';
import type { Request, Response } from 'express';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Prometheus scrape endpoint at /metrics (outside /api). Until staff sign-in exists, only local scrapers may read it. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
      throw new RequestException(RequestErrorCode.Forbidden, 'Metrics are only served to local scrapers');
    }
    const { contentType, body } = await this.metrics.render();
    response.setHeader('Content-Type', contentType);
    response.send(body);
  }
}
