import { dataSourceOptions, parseConfig, recreateDatabase } from '../../libs/core/src'; // global setup runs outside jest's module mapper
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { baseTestEnv } from './test-env';

/** Fresh test database, migrated; a Redis key prefix no other run uses. */
export default async function globalSetup(): Promise<void> {
  const env = baseTestEnv(`rdtest-${Date.now()}-${randomBytes(3).toString('hex')}`);
  Object.assign(process.env, env);
  const { database } = parseConfig(process.env);
  await recreateDatabase(database);
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
