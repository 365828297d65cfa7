// Runs in every test worker before the test file: the global setup has put the run's settings in process.env.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';

// Unit specs construct services without an app; keep Nest's console logger quiet there.
// Apps built by the test stack install their own (silent) pino logger.
Logger.overrideLogger(false);
