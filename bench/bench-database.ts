import { DataSource } from 'typeorm';
import { dataSourceOptions, parseConfig, recreateDatabase, ResetDeskConfig } from '@resetdesk/core';
import type { ConnectionOptions } from 'mysql2/promise';

/**
 * For benches that start the real API: the environment it reads (quiet logs,
 * its own queue prefix) and a fresh, migrated `resetdesk_bench` database
 * (BENCH_DATABASE_URL to use another).
 */
export async function freshBenchDatabase(env: Record<string, string> = {}): Promise<ResetDeskConfig> {
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_bench',
    QUEUE_PREFIX: `bench-${Date.now()}`,
    ...env,
  });
  const config = parseConfig(process.env);
  await recreateDatabase(config.database);
  const migrator = new DataSource(dataSourceOptions(config.database));
  await migrator.initialize();
  try {
    await migrator.runMigrations();
  } finally {
    await migrator.destroy();
  }
  return config;
}

/** The bench database as mysql2 connection options, for the raw baselines that bypass TypeORM. */
export function rawConnectionOptions(database: ResetDeskConfig['database']): ConnectionOptions {
  return { host: database.host, port: database.port, user: database.username, password: database.password, database: database.database };
}
