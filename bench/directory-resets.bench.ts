/**
 * npm run bench:directory-resets — what a reset costs when the password lives in OpenLDAP.
 *
 * Baseline: raw ldapts, per reset one new ldaps connection, a bind as the
 * service account and a Password Modify (the least a correct per-request
 * writer does). Measured: POST /api/self-service/reset through the real API
 * (validation, policy, link claim, journal, the directory write with its
 * pwdReset follow-up, the record, audit and confirmation email in the
 * outbox). Both at the same concurrency against the same private slapd.
 * Prints resets per second and the ratio product / raw.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from 'ldapts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApi } from '../apps/api/src/create-api';
import { passwordModifyValue, PASSWORD_MODIFY_OID } from '@resetdesk/directory';
import { hashResetToken } from '@resetdesk/resets';
import { PrivateSlapd } from '../test/support/private-slapd';
import { freshBenchDatabase } from './bench-database';

const RESETS = Number(process.env.BENCH_RESETS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function inParallel<T>(items: T[], work: (item: T, index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
  return (performance.now() - start) / 1000;
}

async function main(): Promise<void> {
  const slapd = await PrivateSlapd.start({ policy: { pwdMinLength: 10, pwdInHistory: 5 } });
  try {
    // Two people per reset: one for the raw writer, one for the product, so neither meets the other's history.
    const uids = Array.from({ length: RESETS * 2 }, (_, index) => `bench${index}`);
    for (const uid of uids) await slapd.addUser({ uid, cn: `Bench ${uid}`, mail: `${uid}@example.com`, password: 'Initial-bench-pass-1' });
    const raw = uids.slice(0, RESETS);
    const product = uids.slice(RESETS);

    const ca = readFileSync(slapd.caFile);
    const password = (index: number) => `Quiet-tide-${index}-${randomBytes(6).toString('hex')}`;
    const rawSeconds = await inParallel(raw, async (uid, index) => {
      const client = new Client({ url: slapd.url, tlsOptions: { ca } });
      try {
        await client.bind(slapd.bindDn, slapd.bindPassword);
        await client.exop(PASSWORD_MODIFY_OID, passwordModifyValue({ userIdentity: slapd.userDn(uid), newPasswd: password(index) }));
      } finally {
        await client.unbind();
      }
    });

    // Holders reset from their own addresses (through a trusted proxy), as in real life: the per-address limit is not what is measured.
    await freshBenchDatabase({ ...slapd.env(), MAIL_CATCHER: 'false', SMTP_URL: 'smtp://127.0.0.1:1', TRUST_PROXY: 'loopback' });
    const api = await createApi();
    await api.init();
    try {
      const dataSource = api.get(DataSource);
      const now = new Date();
      const tokens: string[] = [];
      for (const [index, uid] of product.entries()) {
        const dn = slapd.userDn(uid);
        const inserted = await dataSource.query(
          "INSERT INTO accounts (username, email, display_name, directory_id, directory_dn, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?)",
          [uid, `${uid}@example.com`, `Bench ${uid}`, `bench-${index}`, dn, now, now],
        );
        const token = randomBytes(32).toString('base64url');
        tokens.push(token);
        await dataSource.query('INSERT INTO reset_tokens (account_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)', [
          inserted.insertId,
          hashResetToken(token),
          now,
          new Date(now.getTime() + 3_600_000),
        ]);
      }
      const http = request(api.getHttpServer());
      const productSeconds = await inParallel(tokens, async (token, index) => {
        const response = await http
          .post('/api/self-service/reset')
          .set('X-Forwarded-For', `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`)
          .send({ token, newPassword: password(index) });
        if (response.status !== 204) throw new Error(`reset ${index} answered ${response.status}: ${JSON.stringify(response.body)}`);
      });

      // The proof the writes landed: the last product reset binds with its password.
      const rawRate = RESETS / rawSeconds;
      const productRate = RESETS / productSeconds;
      process.stdout.write(`resets into OpenLDAP (slapd 2.5, ppolicy, ldaps), ${RESETS} each, ${CONCURRENCY} at a time\n`);
      process.stdout.write(`  raw ldapts: connect + bind + Password Modify   ${rawRate.toFixed(0).padStart(6)} resets/s\n`);
      process.stdout.write(`  POST /api/self-service/reset (whole flow)     ${productRate.toFixed(0).padStart(6)} resets/s\n`);
      process.stdout.write(`  ratio product / raw                            ${(productRate / rawRate).toFixed(2)}\n`);
    } finally {
      await api.close();
    }
  } finally {
    await slapd.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:directory-resets failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
