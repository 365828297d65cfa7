import { createConnection } from 'mysql2/promise';
import { DatabaseConfig } from '../config/config.schema';

/** Creates the configured database (utf8mb4) when it does not exist yet. */
export async function ensureDatabase(db: DatabaseConfig): Promise<void> {
  const connection = await createConnection({
    host: db.host,
    port: db.port,
    user: db.username,
    password: db.password,
    connectTimeout: 5000,
  });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** Drops and recreates the database; only the test setup and the demo reset use it. */
export async function recreateDatabase(db: DatabaseConfig): Promise<void> {
  const connection = await createConnection({ host: db.host, port: db.port, user: db.username, password: db.password });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${db.database}\``);
    await connection.query(`CREATE DATABASE \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}
