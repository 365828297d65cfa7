import { dataSourceOptions, migrations, parseConfig } from '@resetdesk/core';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { runEntrypoint } from '../support/run-entrypoint';
import { TEST_DATABASE_URL } from '../support/test-env';

const url = new URL(TEST_DATABASE_URL);
url.pathname = '/resetdesk_test_migrations';
const MIGRATIONS_DATABASE_URL = url.toString();

describe('migrations', () => {
  const { database } = parseConfig({ DATABASE_URL: MIGRATIONS_DATABASE_URL });
  let dataSource: DataSource;

  async function dropDatabase() {
    const connection = await createConnection({
      host: database.host,
      port: database.port,
      user: database.username,
      password: database.password,
    });
    await connection.query(`DROP DATABASE IF EXISTS \`${database.database}\``);
    await connection.end();
  }

  async function tables(): Promise<string[]> {
    const rows: Array<{ name: string }> = await dataSource.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name',
    );
    return rows.map((row) => row.name);
  }

  beforeAll(dropDatabase);

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await dropDatabase();
  });

  it('`migrate` creates a missing database and applies every migration', async () => {
    const first = await runEntrypoint('cli', ['migrate'], { DATABASE_URL: MIGRATIONS_DATABASE_URL, LOG_LEVEL: 'silent' });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`Applied ${migrations.length} migration\\(s\\) to resetdesk_test_migrations`));

    const again = await runEntrypoint('cli', ['migrate'], { DATABASE_URL: MIGRATIONS_DATABASE_URL, LOG_LEVEL: 'silent' });
    expect(again.stdout.trim()).toBe('Database resetdesk_test_migrations is up to date');
  });

  it('runs every migration down to an empty schema and up again', async () => {
    dataSource = new DataSource(dataSourceOptions(database));
    await dataSource.initialize();
    expect(await tables()).toEqual(expect.arrayContaining(['notifications', 'schema_migrations']));

    for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual(['schema_migrations']);

    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(migrations.length);
    expect(await tables()).toEqual(expect.arrayContaining(['notifications']));
  });

  it('refuses to revert the verifier role while a member has it (reverting would make them agents, who reset)', async () => {
    const names = migrations.map((migration) => new migration().name);
    const later = names.length - 1 - names.indexOf('StaffVerifierRole1766000000000');
    for (let i = 0; i < later; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.query(
      "INSERT INTO staff (email, name, role, password_hash, password_changed_at, created_at, updated_at) VALUES ('vera@example.com', 'Vera', 'verifier', 'x', NOW(3), NOW(3), NOW(3))",
    );
    await expect(dataSource.undoLastMigration({ transaction: 'each' })).rejects.toThrow(
      '1 staff member(s) have the verifier role: give each another role (or disable them) before reverting',
    );
    // The check still holds: an unknown role is refused by the database itself.
    await expect(dataSource.query("UPDATE staff SET role = 'checker' WHERE email = 'vera@example.com'")).rejects.toThrow(/chk_staff_role/);
    await dataSource.query("DELETE FROM staff WHERE email = 'vera@example.com'");
    expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(later);
  });

  it('creates utf8mb4 tables', async () => {
    const rows: Array<{ collation: string }> = await dataSource.query(
      "SELECT table_collation AS collation FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'notifications'",
    );
    expect(rows[0]?.collation).toMatch(/^utf8mb4_/);
  });
});
