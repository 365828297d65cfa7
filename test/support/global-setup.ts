// eslint-disable-next-line resetdesk/import-boundaries -- jest runs global setup and teardown outside its moduleNameMapper: the alias does not resolve here
import { dataSourceOptions, parseConfig, recreateDatabase } from '../../libs/core/src';
import type { Config } from '@jest/types';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { baseTestEnv, unitProjectOnly, workerDatabaseUrl, workerIds } from './test-env';

/** One fresh, migrated database per test worker; a Redis key prefix no other run uses. */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (unitProjectOnly()) return;
  const env = baseTestEnv(`rdtest-${Date.now()}-${randomBytes(3).toString('hex')}`);
  Object.assign(process.env, env);
  await Promise.all(workerIds(globalConfig.maxWorkers).map((worker) => migrateFresh(workerDatabaseUrl(worker))));
}

async function migrateFresh(url: string): Promise<void> {
  const { database } = parseConfig({ ...process.env, DATABASE_URL: url });
  await recreateDatabase(database);
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
