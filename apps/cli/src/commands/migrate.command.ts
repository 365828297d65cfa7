import { dataSourceOptions, ensureDatabase, ResetDeskConfig } from '@resetdesk/core';
import { DataSource } from 'typeorm';
import { CliCommand, CliError } from './command';

async function withDataSource<T>(config: ResetDeskConfig, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource({ ...dataSourceOptions(config.database), logging: false });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate',
  description: 'create the database if needed and apply pending migrations',
  async run(_args, config) {
    await ensureDatabase(config.database);
    const applied = await withDataSource(config, (dataSource) => dataSource.runMigrations({ transaction: 'each' }));
    return applied.length === 0
      ? `Database ${config.database.database} is up to date`
      : `Applied ${applied.length} migration(s) to ${config.database.database}: ${applied.map((m) => m.name).join(', ')}`;
  },
};

export const migrateRevertCommand: CliCommand = {
  name: 'migrate:revert',
  usage: 'migrate:revert',
  description: 'undo the most recent migration',
  async run(_args, config) {
    return withDataSource(config, async (dataSource) => {
      const executed = await dataSource.query('SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1').catch(() => []);
      if ((executed as unknown[]).length === 0) throw new CliError('No migration has been applied; nothing to revert');
      await dataSource.undoLastMigration({ transaction: 'each' });
      return `Reverted ${(executed as Array<{ name: string }>)[0]!.name}`;
    });
  },
};

export const migrateStatusCommand: CliCommand = {
  name: 'migrate:status',
  usage: 'migrate:status',
  description: 'list applied and pending migrations',
  async run(_args, config) {
    return withDataSource(config, async (dataSource) => {
      const pending = await dataSource.showMigrations();
      return pending ? 'Pending migrations exist: run npm run migrate' : 'All migrations are applied';
    });
  },
};
