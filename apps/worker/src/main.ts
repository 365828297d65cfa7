import 'reflect-metadata';
import { exitGracefullyOnSignals, loadConfigOrExit, runMain } from '@resetdesk/core';
import { Logger } from 'nestjs-pino';
import { createWorker } from './create-worker';

runMain('ResetDesk worker', async () => {
  loadConfigOrExit();
  const app = await createWorker();
  const logger = app.get(Logger);
  exitGracefullyOnSignals(app, 'ResetDesk worker', (message) => logger.log(message));
  logger.log('ResetDesk worker started: processing the mail, audit, self-service and reminder queues');
});
