import 'reflect-metadata';
import { exitGracefullyOnSignals, loadConfigOrExit, logConsoleOutput, runMain } from '@resetdesk/core';
import { Logger } from 'nestjs-pino';
import { createApi } from './create-api';

// Console output of libraries (BullMQ's Redis warnings) joins the JSON log lines.
logConsoleOutput();

runMain('api', async () => {
  const config = loadConfigOrExit('api');
  const app = await createApi();
  const logger = app.get(Logger);
  exitGracefullyOnSignals(app, 'api', (message) => logger.log(message));
  await app.listen(config.app.port);
  logger.log(`ResetDesk API listening on ${config.app.url} (admin UI at /admin${config.app.docsEnabled ? ', API docs at /api/docs' : ''})`);
});
