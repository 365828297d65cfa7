import { AuditEventEntity } from '@resetdesk/audit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryCsv } from '../support/csv-fixtures';
import { runEntrypoint } from '../support/run-entrypoint';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';

describe('account import (CSV)', () => {
  let stack: TestStack;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
  });

  afterAll(() => stack.close());

  beforeEach(async () => {
    await resetState(stack);
    admin = as(stack, (await signedIn(stack, 'admin')).token);
  });

  const accountCount = async () => Number((await stack.dataSource.query('SELECT COUNT(*) AS n FROM accounts'))[0].n);
  const upload = (csv: string | Buffer, query = '', name = 'directory.csv', type = 'text/csv') =>
    admin.post(`/api/accounts/import${query}`).attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), { filename: name, contentType: type });

  it('imports 10,000 rows with 50 bad ones: 9,950 accounts and a report naming each bad row', async () => {
    const bad = new Set(Array.from({ length: 50 }, (_, i) => 17 + i * 199));
    const response = await upload(directoryCsv(10_000, bad)).expect(200);
    expect(response.body).toMatchObject({ dryRun: false, rows: 10_000, created: 9_950, updated: 0, failed: 50, errorsTruncated: false });
    expect(response.body.errors).toHaveLength(50);
    expect(response.body.errors.map((error: { row: number }) => error.row)).toEqual([...bad].map((index) => index + 2));
    expect(response.body.errors.slice(0, 5)).toEqual([
      { row: 19, column: 'username', reason: 'username must be 1–191 letters, digits or . _ @ + -' },
      { row: 218, column: 'email', reason: '"not-an-email" is not an email address' },
      { row: 417, column: 'privileged', reason: 'privileged must be true or false' },
      { row: 616, column: 'policy', reason: 'no password policy named "No such policy"' },
      { row: 815, column: 'password_changed_at', reason: 'password_changed_at must be an ISO date such as 2026-05-31' },
    ]);
    expect(await accountCount()).toBe(9_950);

    const [account] = await stack.dataSource.query("SELECT a.*, p.name AS policy FROM accounts a JOIN password_policies p ON p.id = a.policy_id WHERE username = 'user3'");
    expect(account).toMatchObject({ policy: 'Corporate', email: 'user3@example.com' });
    expect(new Date(account.password_expires_at).getTime() - new Date(account.password_changed_at).getTime()).toBe(120 * 86_400_000);

    const events = await stack.dataSource.getRepository(AuditEventEntity).findBy({ action: 'accounts.imported' });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toEqual({ rows: 10_000, created: 9_950, updated: 0, failed: 50 });
  });

  it('writes nothing in a dry run but reports the same', async () => {
    const response = await upload(directoryCsv(300, new Set([5])), '?dryRun=true').expect(200);
    expect(response.body).toMatchObject({ dryRun: true, rows: 300, created: 299, failed: 1 });
    expect(await accountCount()).toBe(0);
    expect(await stack.dataSource.getRepository(AuditEventEntity).countBy({ action: 'accounts.imported' })).toBe(0);
  });

  it('is idempotent: importing the same file again updates in place and creates nothing', async () => {
    await upload(directoryCsv(500)).expect(200);
    const again = await upload(directoryCsv(500)).expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 500, failed: 0 });
    expect(await accountCount()).toBe(500);
  });

  it('reports duplicates within the file and emails that belong to another account', async () => {
    await admin.post('/api/accounts').send({ username: 'taken', email: 'taken@example.com', displayName: 'Taken' }).expect(201);
    const csv = ['username,email,display_name', 'a,a@example.com,A', 'A,b@example.com,B', 'c,a@example.com,C', 'd,taken@example.com,D', 'e,e@example.com,E'].join('\n');
    const response = await upload(csv).expect(200);
    expect(response.body).toMatchObject({ rows: 5, created: 2, failed: 3 });
    expect(response.body.errors).toEqual([
      { row: 3, column: 'username', reason: 'duplicate username A (already earlier in the file)' },
      { row: 4, column: 'email', reason: 'duplicate email a@example.com (already earlier in the file)' },
      { row: 5, column: 'email', reason: 'email taken@example.com belongs to account taken' },
    ]);
  });

  it.each([[''], ['?dryRun=true']])('finds a duplicate a thousand rows later (%s)', async (query) => {
    const lines = directoryCsv(1500).trimEnd().split('\r\n');
    // Row 1,301 repeats the username of row 5 with a new email: it belongs to another batch.
    lines[1300] = 'user3,someone-else@example.com,Somebody,,false,,';
    const response = await upload(`${lines.join('\r\n')}\r\n`, query).expect(200);
    expect(response.body).toMatchObject({ rows: 1500, created: 1499, failed: 1 });
    expect(response.body.errors).toEqual([{ row: 1301, column: 'username', reason: 'duplicate username user3 (already earlier in the file)' }]);
  });

  it.each([
    ['a non-CSV file', () => upload(Buffer.from([0x89, 0x50, 0x4e, 0x47]), '', 'logo.png', 'image/png'), 415, /Upload a \.csv file \(got image\/png\)/],
    ['a 20 MB file', () => upload(Buffer.alloc(20 * 1024 * 1024, 'a')), 413, /File too large/],
    ['no file', () => admin.post('/api/accounts/import'), 400, /Upload the CSV as the multipart field "file"/],
    ['a missing column', () => upload('username,email\nx,x@example.com\n'), 400, /The CSV header lacks the column\(s\) display_name/],
    ['an unknown column', () => upload('username,email,display_name,password\nx,x@example.com,X,secret\n'), 400, /Unknown CSV column\(s\) password/],
    ['unbalanced quotes', () => upload('username,email,display_name\n"x,x@example.com,X\n'), 400, /The file is not valid CSV/],
    ['a header without rows', () => upload('username,email,display_name\n'), 400, /The file has a header but no rows/],
    ['a bad dryRun value', () => upload('username,email,display_name\nx,x@example.com,X\n', '?dryRun=perhaps'), 400, /boolean/],
  ])('refuses %s with %i and imports nothing', async (_case, send, status, message) => {
    const response = await send().expect(status);
    expect(response.body.message).toMatch(message);
    expect(await accountCount()).toBe(0);
  });

  it('imports from the CLI, with --dry-run, exiting 1 when rows were rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'resetdesk-import-'));
    const good = join(dir, 'good.csv');
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(good, directoryCsv(200));
    writeFileSync(mixed, directoryCsv(20, new Set([3]), 'cli'));

    const dry = await runEntrypoint('cli', ['accounts:import', good, '--dry-run'], { LOG_LEVEL: 'silent' });
    expect(dry.stdout.trim()).toBe('Dry run: would create 200, would update 0, rejected 0 of 200 rows');
    expect(dry.code).toBe(0);
    expect(await accountCount()).toBe(0);

    const real = await runEntrypoint('cli', ['accounts:import', good], { LOG_LEVEL: 'silent' });
    expect(real.stdout.trim()).toBe('Created 200, updated 0, rejected 0 of 200 rows');
    expect(await accountCount()).toBe(200);

    const partial = await runEntrypoint('cli', ['accounts:import', mixed], { LOG_LEVEL: 'silent' });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('row 5 (username): username must be 1–191 letters, digits or . _ @ + -');
    expect(partial.stderr).toContain('accounts:import failed: Created 19, updated 0, rejected 1 of 20 rows');

    const missing = await runEntrypoint('cli', ['accounts:import', join(dir, 'nope.csv')], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`accounts:import failed: No such file: ${join(dir, 'nope.csv')}`);
  });
});
