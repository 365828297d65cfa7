import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, AppConfigType } from '../config/config';
import { REDACTED_LOG_PATHS } from './redaction';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: AppConfigType) => ({
        pinoHttp: {
          level: app.logLevel,
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          // Reuse a caller's request id so a request can be followed through proxies.
          genReqId: (req: IncomingMessage, res: ServerResponse) => {
            const header = req.headers['x-request-id'];
            const id = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
            res.setHeader('X-Request-Id', id);
            return id;
          },
          customProps: () => ({ app: 'resetdesk' }),
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' || req.url === '/metrics' },
          serializers: {
            // The query string may carry filters with emails; the token-bearing reset URLs never hit the API as GET.
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
          },
        },
      }),
    }),
  ],
})
export class CoreLoggingModule {}
