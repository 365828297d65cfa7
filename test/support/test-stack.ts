import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { QueueName, RateLimiter } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { Queue } from 'bullmq';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource, QueryRunner } from 'typeorm';
import { createApi } from '../../apps/api/src/create-api';
import { createWorker } from '../../apps/worker/src/create-worker';
import { CloseTookTooLong, closeWithinLimit } from './bounded-close';

export interface TestStack {
  api: NestExpressApplication;
  worker?: INestApplicationContext;
  http: TestAgent;
  dataSource: DataSource;
  mailQueue: Queue;
  close(): Promise<void>;
}

export interface TestStackOptions {
  /** Extra environment for this stack (e.g. SMTP_URL of the test mailbox). */
  env?: Record<string, string>;
  /** Start the BullMQ worker in this process too (default true). */
  worker?: boolean;
  /** Listen on a real port (browser tests); supertest needs none. */
  port?: number;
}

/** Builds the API (and worker) exactly as `main.ts` does, with per-test environment. */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const restore = applyEnv(options.env ?? {});
  try {
    const api = await createApi();
    if (options.port !== undefined) await api.listen(options.port, '127.0.0.1');
    else await api.init();
    const worker = options.worker === false ? undefined : await createWorker();
    return {
      api,
      worker,
      http: request(api.getHttpServer()),
      dataSource: api.get(DataSource),
      mailQueue: api.get<Queue>(getQueueToken(QueueName.Mail)),
      async close() {
        // Closing twice is harmless (a test may stop the worker early); a close that hangs is not.
        if (worker)
          await closeWithinLimit(worker, 'worker').catch((error: unknown) => {
            if (error instanceof CloseTookTooLong) throw error;
          });
        await closeWithinLimit(api, 'API');
      },
    };
  } finally {
    restore();
  }
}

/** A worker alone, built as `apps/worker` builds it, with this environment (a second worker beside a stack's). */
export async function startTestWorker(env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const restore = applyEnv(env);
  try {
    return await createWorker();
  } finally {
    restore();
  }
}

function applyEnv(env: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Empties every table but the migrations log, this run's queues and rate-limit counters. */
export async function resetState(stack: TestStack): Promise<void> {
  // The queues first: no job the last test left waiting or delayed may start and write a row after its table was found clean.
  await stack.mailQueue.obliterate({ force: true });
  await stack.api.get<Queue>(getQueueToken(QueueName.SelfService)).obliterate({ force: true });
  const runner = stack.dataSource.createQueryRunner();
  let presetsIntact = false;
  try {
    const tables = await usedTables(runner);
    presetsIntact = !!shippedPolicies && (await policiesChecksum(runner)) === shippedPolicies.get(stack.dataSource);
    // One connection, so the foreign-key switch applies to every statement below.
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of tables) {
      if (table.name === 'password_policies' && presetsIntact) continue;
      for (const statement of emptyTable(table)) await runner.query(statement);
    }
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await runner.release();
  }
  // Per-address and per-username limits count across tests otherwise.
  await stack.api.get(RateLimiter).clearAll();
  if (presetsIntact) return;
  // The shipped password policies are part of an empty installation.
  await stack.api.get(PoliciesService).ensurePresets();
  const checksumRunner = stack.dataSource.createQueryRunner();
  try {
    shippedPolicies.set(stack.dataSource, await policiesChecksum(checksumRunner));
  } finally {
    await checksumRunner.release();
  }
}

/**
 * The policies table as the shipped presets leave it, per database: a test that did not touch the policies leaves
 * them as they are, and neither emptying the table nor writing the presets again is needed.
 */
const shippedPolicies = new WeakMap<DataSource, string>();

async function policiesChecksum(runner: QueryRunner): Promise<string> {
  const [row] = (await runner.query('CHECKSUM TABLE password_policies')) as Array<{ Checksum: string | number | null }>;
  return String(row?.Checksum);
}

interface UsedTable {
  name: string;
  /** InnoDB's estimate of its rows. */
  rows: number;
  /** The next id, or null without an id counter. */
  nextId: number | null;
}

/**
 * TRUNCATE is DDL — the table is dropped and made again, ~10 ms under load — where a DELETE of a few rows and
 * an id counter set back to 1 cost a fraction. The audit trail refuses DELETE (its append-only triggers), and a
 * big table (a bulk test's 20,000 accounts) empties faster by TRUNCATE.
 */
function emptyTable({ name, rows, nextId }: UsedTable): string[] {
  if (name === 'audit_events' || rows > 1000) return [`TRUNCATE TABLE \`${name}\``];
  const deleteAll = `DELETE FROM \`${name}\``;
  return nextId !== null && nextId > 1 ? [deleteAll, `ALTER TABLE \`${name}\` AUTO_INCREMENT = 1`] : [deleteAll];
}

/**
 * The tables a test touched: those holding a row, or whose id counter moved
 * (rows inserted and deleted again), and always those without an id counter
 * (sessions, sign-in attempts: a row still uncommitted would not show).
 * Leaving untouched tables alone takes most of the cost out of the reset before every test.
 */
async function usedTables(runner: QueryRunner): Promise<UsedTable[]> {
  const [{ version }] = (await runner.query('SELECT VERSION() AS version')) as Array<{ version: string }>;
  // MySQL 8 caches information_schema's AUTO_INCREMENT for a day unless told not to; MariaDB reads it live.
  if (!/mariadb/i.test(version)) await runner.query('SET SESSION information_schema_stats_expiry = 0');
  const tables = (await runner.query(
    "SELECT table_name AS name, auto_increment AS nextId, table_rows AS estimatedRows FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'",
  )) as Array<{ name: string; nextId: string | number | null; estimatedRows: string | number | null }>;
  if (tables.length === 0) return [];
  // One round trip: for each table, whether it holds a row.
  const probes = tables.map(({ name }, index) => `EXISTS (SELECT 1 FROM \`${name}\`) AS t${index}`).join(', ');
  const [occupied] = (await runner.query(`SELECT ${probes}`)) as Array<Record<string, string | number>>;
  return tables
    .filter(({ nextId }, index) => nextId === null || Number(nextId) > 1 || Number(occupied![`t${index}`]) === 1)
    .map(({ name, nextId, estimatedRows }) => ({
      name,
      rows: Number(estimatedRows ?? 0),
      nextId: nextId === null ? null : Number(nextId),
    }));
}

/** Requests carrying a staff member's access token. */
export function as(stack: TestStack, token: string) {
  const bearer = `Bearer ${token}`;
  return {
    get: (url: string) => stack.http.get(url).set('Authorization', bearer),
    post: (url: string) => stack.http.post(url).set('Authorization', bearer),
    put: (url: string) => stack.http.put(url).set('Authorization', bearer),
    patch: (url: string) => stack.http.patch(url).set('Authorization', bearer),
    delete: (url: string) => stack.http.delete(url).set('Authorization', bearer),
  };
}
