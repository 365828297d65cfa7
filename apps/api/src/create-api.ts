import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { appConfig, AppConfigType, configureHttp } from '@resetdesk/core';
import { serveWebApp } from './admin-ui';
import { ApiModule } from './app.module';

/** Builds the API exactly as production runs it; tests use the same function. */
export async function createApi(): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { bodyParser: false, logger: false, abortOnError: false });
  const config = app.get<AppConfigType>(appConfig.KEY);
  configureHttp(app, config);
  serveWebApp(app, config.adminDist);
  return app;
}
