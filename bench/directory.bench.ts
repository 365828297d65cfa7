/**
 * npm run bench:directory [-- --entries N]   (default 100,000)
 *
 * Loads N people into a private slapd (slapadd, with pwdChangedTime so
 * every password has an expiry) and measures in the same process, against
 * the same server and database:
 *  (a) a raw baseline: one ldapts paged search (500 a page) of the same
 *      attributes the product asks for, each page mapped to rows and written
 *      with one multi-row INSERT … ON DUPLICATE KEY UPDATE on directory_id;
 *  (b) the product: DirectorySyncService.run({ mode: 'full' }) — the
 *      id-only pass (leavers, group changes), the entries pass, staging,
 *      adoption and conflict checks, the upsert, the lease per page, the
 *      audit event.
 * Prints entries/s of each, the id-only pass's share, peak RSS of each phase
 * and the ratio product/baseline (target >= 0.5; peak RSS <= 300 MB). The
 * process itself (Nest and every lib, compiled as for production by
 * scripts/bench.ts) starts near 200 MB; what the sync adds is the "+" figure.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'ldapts';
import mysql from 'mysql2/promise';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AuditModule } from '@resetdesk/audit';
import { CoreModule } from '@resetdesk/core';
import {
  DIRECTORY_SYNC_PAGE_SIZE,
  DirectorySyncModule,
  DirectorySyncService,
  LdapEntryReader,
  parseGeneralizedTime,
} from '@resetdesk/directory';
import { PrivateSlapd, SlapdUser } from '../test/support/private-slapd';
import { freshBenchDatabase, rawConnectionOptions } from './bench-database';
import { sizeOption } from './bench-options';

@Module({ imports: [CoreModule.forProcess('bench'), AuditModule, DirectorySyncModule] })
class BenchModule {}

const MAX_AGE_MS = 120 * 86_400_000;

function* people(count: number): Generator<SlapdUser> {
  for (let n = 1; n <= count; n++) {
    const day = String(1 + (n % 28)).padStart(2, '0');
    yield {
      uid: `p${n}`,
      cn: `Person Number ${n}`,
      mail: `p${n}@bench.example.org`,
      attributes: { pwdChangedTime: `202611${day}083000Z` },
    };
  }
}

/** Runs `work` while sampling RSS every 20 ms; returns its result, the elapsed ms and the peak RSS in MB. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; peakMb: number; startMb: number; retainedMb: number }> {
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  const startHeap = process.memoryUsage().heapUsed;
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - start;
    // Live heap left after a full collection: what the work kept, as opposed to garbage V8 had not collected yet.
    global.gc?.();
    return {
      result,
      ms,
      peakMb: peak / 2 ** 20,
      startMb: startRss / 2 ** 20,
      retainedMb: (process.memoryUsage().heapUsed - startHeap) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const entries = sizeOption('--entries', 100_000);
  const loading = performance.now();
  const slapd = await PrivateSlapd.start({ bulkUsers: people(entries) });
  process.stdout.write(
    `Loaded ${entries.toLocaleString('en-US')} entries into slapd in ${((performance.now() - loading) / 1000).toFixed(1)} s\n`,
  );
  try {
    const config = await freshBenchDatabase({
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/resetdesk_dirsync_bench',
      ...slapd.env(),
    });
    const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
    const { database } = config;
    const pool = mysql.createPool({
      ...rawConnectionOptions(database),
      timezone: 'Z',
      connectionLimit: 2,
    });
    const attributes = new LdapEntryReader(config.directory).attributes;
    const baseline = async () => {
      const client = new Client({ url: slapd.url, tlsOptions: { ca: readFileSync(slapd.caFile) }, timeout: 30_000 });
      let written = 0;
      try {
        await client.bind(slapd.bindDn, slapd.bindPassword);
        for await (const page of client.searchPaginated(slapd.peopleDn, {
          scope: 'sub',
          filter: config.directory.userFilter,
          attributes,
          paged: { pageSize: DIRECTORY_SYNC_PAGE_SIZE },
        })) {
          const now = new Date();
          const rows = page.searchEntries.map((entry) => {
            const changedAt = parseGeneralizedTime(String(entry.pwdChangedTime));
            return [
              String(entry.entryUUID),
              entry.dn,
              String(entry.uid),
              String(entry.mail).toLowerCase(),
              String(entry.cn),
              changedAt,
              changedAt && new Date(changedAt.getTime() + MAX_AGE_MS),
              now,
              now,
              now,
            ];
          });
          if (rows.length === 0) continue;
          await pool.query(
            `INSERT INTO accounts (directory_id, directory_dn, username, email, display_name, password_changed_at, password_expires_at, directory_synced_at, created_at, updated_at) VALUES ?
             ON DUPLICATE KEY UPDATE directory_dn = VALUES(directory_dn), username = VALUES(username), email = VALUES(email), display_name = VALUES(display_name),
               password_changed_at = VALUES(password_changed_at), password_expires_at = VALUES(password_expires_at), directory_synced_at = VALUES(directory_synced_at)`,
            [rows],
          );
          written += rows.length;
        }
      } finally {
        await client.unbind().catch(() => undefined);
      }
      return written;
    };
    try {
      // The product first, so its peak RSS is its own (the heap a phase grows is not handed back before the next); the baseline then starts from the same empty table.
      const product = await measured(() => app.get(DirectorySyncService).run({ trigger: 'cli', mode: 'full' }));
      // DELETE: TRUNCATE is refused, other tables reference accounts.
      await pool.query('DELETE FROM accounts');
      const raw = await measured(baseline);
      if (raw.result !== entries || product.result.created !== entries)
        throw new Error(`the baseline wrote ${raw.result} rows, the product created ${product.result.created}; expected ${entries}`);
      const perSecond = (ms: number) => Math.round((entries / ms) * 1000).toLocaleString('en-US');
      process.stdout.write(
        [
          `raw baseline (ldapts paged search + multi-row INSERT … ON DUPLICATE KEY UPDATE): ${(raw.ms / 1000).toFixed(2)} s, ${perSecond(raw.ms)} entries/s, peak RSS ${raw.peakMb.toFixed(0)} MB (${raw.startMb.toFixed(0)} MB at start)`,
          `product full sync (id-only pass + entries + staging + conflicts + upsert + lease + audit): ${(product.ms / 1000).toFixed(2)} s, ${perSecond(product.ms)} entries/s, ` +
            `of which id-only pass ${(product.result.idPassMs / 1000).toFixed(2)} s; peak RSS ${product.peakMb.toFixed(0)} MB (${product.startMb.toFixed(0)} MB at start, +${(product.peakMb - product.startMb).toFixed(0)} MB; heap kept after GC ${product.retainedMb.toFixed(1)} MB)`,
          `ratio (product / baseline throughput): ${(raw.ms / product.ms).toFixed(2)}  (target >= 0.5; peak RSS target <= 300 MB)`,
          '',
        ].join('\n'),
      );
    } finally {
      await pool.end();
      await app.close();
    }
  } finally {
    await slapd.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:directory failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
