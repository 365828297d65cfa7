// Runs in every test worker before the test file: the global setup has put the run's settings in process.env.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { releaseEarlierFilesAsyncStorages } from './release-async-storages';
import { workerDatabaseUrl, workerQueuePrefix } from './test-env';

releaseEarlierFilesAsyncStorages();

// This worker's own database (the global setup migrated one per worker), and a key prefix of this test
// file's own: a job a previous file of this worker left in Redis (a retry backing off, a sweep) must not be
// picked up by this file's worker in the moment before its first resetState empties the tables.
const worker = Number(process.env.JEST_WORKER_ID ?? '1');
process.env.DATABASE_URL = workerDatabaseUrl(worker);
process.env.QUEUE_PREFIX = `${workerQueuePrefix(process.env.TEST_RUN_PREFIX ?? 'rdtest', worker)}-${randomBytes(3).toString('hex')}`;

// Unit specs construct services without an app; keep Nest's console logger quiet there.
// Apps built by the test stack install their own (silent) pino logger.
Logger.overrideLogger(false);
