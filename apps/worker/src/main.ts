import 'reflect-metadata';
import { exitGracefullyOnSignals, loadConfigOrExit, logConsoleOutput, runMain } from '@resetdesk/core';
import { Logger } from 'nestjs-pino';
import { createWorker } from './create-worker';

// Console output of libraries (BullMQ's Redis warnings) joins the JSON log lines.
logConsoleOutput();

runMain('worker', async () => {
  loadConfigOrExit('worker');
  const app = await createWorker();
  const logger = app.get(Logger);
  exitGracefullyOnSignals(app, 'worker', (message) => logger.log(message));
  logger.log('ResetDesk worker started: processing the mail, audit, self-service, reminder and directory queues');
});
