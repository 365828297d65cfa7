import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { appConfig, AppConfigType } from '../config/config';
import { createProcessLogger, ProcessName, useProcessLogger } from './process-logger';

/**
 * One JSON object per line on stdout, each naming its `process` (api, worker…), so the API and the
 * worker can share one stream (`npm start`, a container's log) and a log shipper still tells them apart.
 */
@Module({})
export class CoreLoggingModule {
  static forProcess(processName: ProcessName): DynamicModule {
    return {
      module: CoreLoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [appConfig.KEY],
          useFactory: (app: AppConfigType) => ({
            pinoHttp: {
              logger: useProcessLogger(createProcessLogger(processName, app.logLevel)),
              // Reuse a caller's request id so a request can be followed through proxies.
              genReqId: (req: IncomingMessage, res: ServerResponse) => {
                const header = req.headers['x-request-id'];
                const id = typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
                res.setHeader('X-Request-Id', id);
                return id;
              },
              autoLogging: { ignore: (req: IncomingMessage) => req.url === '/api/health' || req.url === '/metrics' },
              serializers: {
                // The query string may carry filters with emails; the token-bearing reset URLs never hit the API as GET.
                req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
              },
            },
          }),
        }),
      ],
    };
  }
}
