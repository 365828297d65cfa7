import { INestApplication, RequestMethod } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfigType } from '../config/config';
import { HttpMetricsInterceptor } from '../metrics/http-metrics.interceptor';
import { MetricsService } from '../metrics/metrics.service';
import { jsonBodyParser } from './body-parsers';
import { buildOpenApiDocument } from './openapi-document';
import { HttpExceptionFilter } from './http-exception.filter';
import { ContentRangeInterceptor } from './page';
import { createValidationPipe } from './validation.pipe';

/**
 * The HTTP conventions every ResetDesk API instance follows; `main.ts` and
 * the test app factory both call this so tests exercise the real setup.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfigType): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Everything that needs the client's address reads req.ip (see clientAddress), which this decides.
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      // HSTS belongs to an https site; on an http APP_URL, a browser that once reached the name over https would be locked out of it.
      strictTransportSecurity: new URL(config.url).protocol === 'https:' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // MUI (react-admin) injects style elements at runtime.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          scriptSrc: ["'self'"],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(jsonBodyParser());
  app.use(cookieParser());
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : [new URL(config.url).origin],
    exposedHeaders: ['Content-Range', 'Retry-After', 'X-Request-Id'],
    credentials: true,
  });
  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.useGlobalInterceptors(new HttpMetricsInterceptor(app.get(MetricsService)), new ContentRangeInterceptor());
  // Production hides the API description unless the operator opts in (DOCS_ENABLED=true).
  if (config.docsEnabled) setupOpenApi(app);
}

/** Every route under /api except the Prometheus scrape at /metrics; the OpenAPI script sets the same prefix. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
}

function setupOpenApi(app: INestApplication): void {
  // Built on the first request for it, not at every start (~60 ms of CPU each): CI's `check:api` builds it on every change.
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
