// eslint-disable-next-line resetdesk/import-boundaries -- jest runs global setup and teardown outside its moduleNameMapper: the alias does not resolve here
import { dataSourceOptions, parseConfig, recreateDatabase } from '../../libs/core/src';
import type { Config } from '@jest/types';
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { compileWithAliases } from './compile-with-aliases';
import { baseTestEnv, unitProjectOnly, workerDatabaseUrl, workerIds } from './test-env';

/**
 * One fresh, migrated database per test worker; a Redis key prefix no other run uses; and the API, worker and
 * CLI compiled once, as `npm run build` compiles them, for the tests that start them as processes.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  if (unitProjectOnly()) return;
  const runId = `rdtest-${Date.now()}-${randomBytes(3).toString('hex')}`;
  const env = baseTestEnv(runId);
  Object.assign(process.env, env);
  await removeStaleBuilds();
  // Settled together: a failed migration must not leave the build running on, or its folder behind.
  const [built, migrated] = await Promise.allSettled([
    buildEntrypoints(runId),
    Promise.all(workerIds(globalConfig.maxWorkers).map((worker) => migrateFresh(workerDatabaseUrl(worker)))),
  ] as const);
  if (migrated.status === 'rejected') {
    if (built.status === 'fulfilled') await rm(built.value, { recursive: true, force: true });
    throw migrated.reason;
  }
  if (built.status === 'rejected') throw built.reason;
  process.env.TEST_BUILD_DIR = built.value;
}

const ROOT = join(__dirname, '..', '..');
const BUILDS = join(ROOT, 'dist', 'test-build');
/** A run's build is removed by its teardown; one an interrupted run left behind goes once it is this old. */
const STALE_BUILD_MS = 6 * 3_600_000;

async function removeStaleBuilds(): Promise<void> {
  const entries = await readdir(BUILDS, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(BUILDS, entry.name);
    const { mtimeMs } = await stat(path);
    if (Date.now() - mtimeMs > STALE_BUILD_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Compiled (emit only: `npm test` type-checks beside the suite) into a folder of this run's own, inside the checkout
 * so node_modules resolve. A process started from it loads in ~1.4 s of CPU instead of ~2.2 s through the in-memory
 * compiler, some forty times a run.
 */
async function buildEntrypoints(runId: string): Promise<string> {
  const outDir = join(BUILDS, runId);
  try {
    await compileWithAliases({
      project: join(ROOT, 'tsconfig.build.json'),
      outDir,
      tscArgs: ['--tsBuildInfoFile', join(outDir, '.tsbuildinfo'), '--sourceMap', 'false', '--noCheck'],
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
  return outDir;
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
