import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/config.schema';
import { migrations } from './migrations';

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  return {
    type: 'mysql',
    host: db.host,
    port: db.port,
    username: db.username,
    password: db.password,
    database: db.database,
    charset: 'utf8mb4_unicode_ci',
    // mysql2 writes and reads DATETIME values as UTC.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: false,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    extra: { connectionLimit: 10 },
  };
}
