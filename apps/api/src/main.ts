import 'reflect-metadata';
import { exitGracefullyOnSignals, loadConfigOrExit, runMain } from '@resetdesk/core';
import { Logger } from 'nestjs-pino';
import { createApi } from './create-api';

runMain('ResetDesk API', async () => {
  const config = loadConfigOrExit();
  const app = await createApi();
  const logger = app.get(Logger);
  exitGracefullyOnSignals(app, 'ResetDesk API', (message) => logger.log(message));
  await app.listen(config.app.port);
  logger.log(`ResetDesk API listening on ${config.app.url} (admin UI at /admin${config.app.docsEnabled ? ', API docs at /api/docs' : ''})`);
});
