import { AuditEventEntity } from '@resetdesk/audit';
import { createHash } from 'node:crypto';
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
  const sha256 = (file: Buffer) => createHash('sha256').update(file).digest('hex');
  /** Uploads a file; a real import names the file as its dry run would have answered it (confirm), as the admin UI does. */
  const upload = (csv: string | Buffer, query = '', name = 'directory.csv', type = 'text/csv') => {
    const file = Buffer.isBuffer(csv) ? csv : Buffer.from(csv);
    const confirmed = query.includes('dryRun') || query.includes('confirm') ? query : `${query ? `${query}&` : '?'}confirm=${sha256(file)}`;
    return admin.post(`/api/accounts/import${confirmed}`).attach('file', file, { filename: name, contentType: type });
  };
  /** The row errors without the rows they quote. */
  const reasons = (errors: Array<{ values: unknown }>) => errors.map(({ values: _values, ...rest }) => rest);

  it('imports 10,000 rows with 50 bad ones: 9,950 accounts and a report naming each bad row', async () => {
    const bad = new Set(Array.from({ length: 50 }, (_, i) => 17 + i * 199));
    const response = await upload(directoryCsv(10_000, bad)).expect(200);
    expect(response.body).toMatchObject({ dryRun: false, rows: 10_000, created: 9_950, updated: 0, failed: 50, errorsTruncated: false });
    expect(response.body.errors).toHaveLength(50);
    expect(response.body.errors.map((error: { row: number }) => error.row)).toEqual([...bad].map((index) => index + 2));
    expect(reasons(response.body.errors.slice(0, 5))).toEqual([
      { row: 19, column: 'username', reason: 'username must be 1–191 letters, digits or . _ @ + -' },
      { row: 218, column: 'email', reason: '"not-an-email" is not an email address' },
      { row: 417, column: 'privileged', reason: 'privileged must be true or false' },
      { row: 616, column: 'policy', reason: 'no password policy named "No such policy"' },
      { row: 815, column: 'password_changed_at', reason: 'password_changed_at must be an ISO date such as 2026-05-31' },
    ]);
    expect(await accountCount()).toBe(9_950);

    const [account] = await stack.dataSource.query(
      "SELECT a.*, p.name AS policy FROM accounts a JOIN password_policies p ON p.id = a.policy_id WHERE username = 'user3'",
    );
    expect(account).toMatchObject({ policy: 'Corporate', email: 'user3@example.com' });
    expect(new Date(account.password_expires_at).getTime() - new Date(account.password_changed_at).getTime()).toBe(120 * 86_400_000);

    const events = await stack.dataSource.getRepository(AuditEventEntity).findBy({ action: 'accounts.imported' });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toEqual({ rows: 10_000, created: 9_950, updated: 0, failed: 50, managersLinked: 0 });
  });

  it('imports only the file its dry run checked, and hands back each rejected row as given', async () => {
    const csv = Buffer.from(directoryCsv(20, new Set([3])));
    const refused = await admin
      .post('/api/accounts/import')
      .attach('file', csv, { filename: 'd.csv', contentType: 'text/csv' })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'IMPORT_NOT_CHECKED',
      message: 'Check the file with a dry run first (dryRun=true), then import it with confirm set to the fileSha256 the dry run answered',
    });
    const dry = (await upload(csv, '?dryRun=true').expect(200)).body;
    expect(dry.fileSha256).toBe(sha256(csv));
    // The row as the file gave it, for the file of rejected rows the admin downloads and fixes.
    expect(dry.errors).toEqual([
      { row: 5, column: 'username', reason: expect.any(String), values: expect.objectContaining({ email: 'user3@example.com' }) },
    ]);
    // Another file under the first one's fingerprint is refused, and nothing was written by either.
    const other = Buffer.from(directoryCsv(21));
    expect(
      (
        await admin
          .post(`/api/accounts/import?confirm=${dry.fileSha256}`)
          .attach('file', other, { filename: 'd.csv', contentType: 'text/csv' })
          .expect(409)
      ).body.message,
    ).toBe('This is not the file the dry run checked; check this file first, then import it');
    expect((await admin.post('/api/accounts/import?confirm=abc').attach('file', csv, 'd.csv').expect(400)).body.message).toBe(
      'confirm must be the fileSha256 of the dry run (64 hex digits)',
    );
    expect(await accountCount()).toBe(0);
    expect((await upload(csv, `?confirm=${dry.fileSha256}`).expect(200)).body).toMatchObject({ created: 19, failed: 1 });

    // The file of rejected rows, fixed, imports again: its problem column is ignored.
    const fixed =
      'username,email,display_name,chat_id,privileged,policy,password_changed_at,problem\r\nuser3,user3@example.com,User 3,,false,,,"row 5: username must be 1–191 letters, digits or . _ @ + -"\r\n';
    expect((await upload(fixed, '?dryRun=true').expect(200)).body).toMatchObject({ rows: 1, created: 1, failed: 0 });

    const template = await admin.get('/api/accounts/import/template').expect(200);
    expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(template.text.split('\r\n')[0]).toBe(
      'username,email,display_name,chat_id,personal_email,phone,manager,privileged,policy,password_changed_at',
    );
    // The template's example rows import as they stand (the second names the first as manager).
    const example = (await upload(template.text, '?dryRun=true').expect(200)).body;
    expect(example).toMatchObject({ rows: 2, created: 2, failed: 0, managerProblems: [] });
  });

  it('links managers by username once the whole file is in, clears one on an empty cell, and names the rows whose manager is unknown', async () => {
    const managerOf = async (username: string) =>
      (
        (await stack.dataSource.query(
          'SELECT m.username FROM accounts a LEFT JOIN accounts m ON m.id = a.manager_account_id WHERE a.username = ?',
          [username],
        )) as Array<{ username: string | null }>
      )[0]!.username;
    // Dana's row comes before her manager's; Ben names nobody here; Kim names herself; Li names someone unknown.
    const csv = [
      'username,email,display_name,manager',
      'dreyes,dana@example.com,Dana Reyes,MLopez',
      'bsmith,ben@example.com,Ben Smith,',
      'kim,kim@example.com,Kim Lee,kim',
      'li,li@example.com,Li Wei,nobody',
      'mlopez,mara@example.com,Mara Lopez,',
    ].join('\n');
    const dry = (await upload(csv, '?dryRun=true').expect(200)).body;
    expect(dry).toMatchObject({ created: 5, failed: 0, managersLinked: 0 });
    expect(dry.managerProblems).toEqual([
      { row: 4, manager: 'kim', reason: 'an account cannot be its own manager; row 4 was checked without one' },
      { row: 5, manager: 'nobody', reason: 'manager "nobody" is no account and no row of this file; row 5 was checked without one' },
    ]);
    const done = (await upload(csv).expect(200)).body;
    expect(done).toMatchObject({
      created: 5,
      managersLinked: 1,
      managerProblems: dry.managerProblems.map((problem: { reason: string }) => ({
        ...problem,
        reason: problem.reason.replace('checked', 'imported'),
      })),
    });
    // Matched as the unique index matches usernames: MLopez is mlopez.
    expect(await managerOf('dreyes')).toBe('mlopez');
    expect(await managerOf('kim')).toBeNull();
    expect(await managerOf('li')).toBeNull();

    // An empty cell clears it; a file without the column keeps it; an unknown name changes nothing.
    await upload('username,email,display_name,manager\nli,li@example.com,Li Wei,dreyes\n').expect(200);
    expect(await managerOf('li')).toBe('dreyes');
    await upload('username,email,display_name\nli,li@example.com,Li Wei\n').expect(200);
    expect(await managerOf('li')).toBe('dreyes');
    await upload('username,email,display_name,manager\nli,li@example.com,Li Wei,ghost\n').expect(200);
    expect(await managerOf('li')).toBe('dreyes');
    await upload('username,email,display_name,manager\nli,li@example.com,Li Wei,\n').expect(200);
    expect(await managerOf('li')).toBeNull();
    expect(
      (await upload('username,email,display_name,manager\nli,li@example.com,Li Wei,not a name!\n', '?dryRun=true').expect(200)).body
        .errors[0],
    ).toMatchObject({
      column: 'manager',
      reason: 'manager must be the username of the manager’s account',
    });
  });

  it('sets phones where the file has the column (as E.164), keeps them where it has none, and names a bad one', async () => {
    const phoneOf = async (username: string) =>
      ((await stack.dataSource.query('SELECT phone FROM accounts WHERE username = ?', [username])) as Array<{ phone: string | null }>)[0]!
        .phone;
    await upload('username,email,display_name,phone\ndreyes,dana@example.com,Dana Reyes,+1 (555) 010-0199\n').expect(200);
    expect(await phoneOf('dreyes')).toBe('+15550100199');
    await upload('username,email,display_name\ndreyes,dana@example.com,Dana Reyes\n').expect(200);
    expect(await phoneOf('dreyes')).toBe('+15550100199');
    const bad = (
      await upload('username,email,display_name,phone\ndreyes,dana@example.com,Dana Reyes,555 0199\n', '?dryRun=true').expect(200)
    ).body;
    expect(bad.errors[0]).toMatchObject({
      row: 2,
      column: 'phone',
      reason: 'phone must be an international number such as +44 20 7946 0958',
    });
    await upload('username,email,display_name,phone\ndreyes,dana@example.com,Dana Reyes,\n').expect(200);
    expect(await phoneOf('dreyes')).toBeNull();
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
    const csv = [
      'username,email,display_name',
      'a,a@example.com,A',
      'A,b@example.com,B',
      'c,a@example.com,C',
      'd,taken@example.com,D',
      'e,e@example.com,E',
    ].join('\n');
    const response = await upload(csv).expect(200);
    expect(response.body).toMatchObject({ rows: 5, created: 2, failed: 3 });
    expect(reasons(response.body.errors)).toEqual([
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
    expect(reasons(response.body.errors)).toEqual([
      { row: 1301, column: 'username', reason: 'duplicate username user3 (already earlier in the file)' },
    ]);
  });

  /** Both reports of one file: the dry run's, then the real import's (they must agree but for `dryRun`). */
  const dryRunThenImport = async (csv: string) => {
    const dry = (await upload(csv, '?dryRun=true').expect(200)).body;
    expect(await accountCount()).toBe(before);
    const real = (await upload(csv).expect(200)).body;
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(real.fileSha256).toBe(sha256(Buffer.from(csv)));
    return real;
  };
  let before = 0;
  const accountRow = async (username: string) =>
    (
      await stack.dataSource.query('SELECT username, email, display_name, chat_id FROM accounts WHERE username = ? COLLATE utf8mb4_bin', [
        username,
      ])
    )[0];

  it('refuses rows whose email, username or chat id the database takes for an existing account’s, instead of rewriting that account', async () => {
    await admin
      .post('/api/accounts')
      .send({ username: 'timing12', email: 'timing12@example.com', displayName: 'Tim Ing', chatId: 'U1006' })
      .expect(201);
    await admin.post('/api/accounts').send({ username: 'bob', email: 'bob@example.com', displayName: 'Bob' }).expect(201);
    before = 2;
    const csv = [
      'username,email,display_name,chat_id',
      'newcomer1,tíming12@example.com,Impostor,IMP1', // accent
      'newcomer2,TIMING12@EXAMPLE.COM,Impostor,IMP2', // case
      'newcomer3,ｔｉｍｉｎｇ12@example.com,Impostor,IMP3', // width
      'newcomer4,newcomer4@example.com,Impostor,U1006', // the same chat id
      'bób,bob-else@example.com,Impostor,', // usernames: accent, width, case
      'ｂｏｂ,bob-else2@example.com,Impostor,',
      'BOB,bob-else3@example.com,Impostor,',
      'newcomer5,newcomer5@example.com,Someone,u1006', // another chat user: ids are case-sensitive
      'newcomer6,newcomer6@example.com,Someone,Ú1006',
      'timing12,timing12@example.com,Tim Ing (updated),U1006', // the account itself, spelled exactly: an update
    ].join('\n');
    const report = await dryRunThenImport(csv);
    expect(report).toMatchObject({ rows: 10, created: 1, updated: 1, failed: 8 });
    const lookAlike = 'usernames and addresses are compared ignoring case, accents and width';
    expect(reasons(report.errors)).toEqual([
      { row: 2, column: 'email', reason: `email tíming12@example.com belongs to account timing12 (as timing12@example.com: ${lookAlike})` },
      { row: 3, column: 'email', reason: 'email timing12@example.com belongs to account timing12' },
      {
        row: 4,
        column: 'email',
        reason: `email ｔｉｍｉｎｇ12@example.com belongs to account timing12 (as timing12@example.com: ${lookAlike})`,
      },
      { row: 5, column: 'chat_id', reason: 'chat_id U1006 belongs to account timing12' },
      { row: 6, column: 'username', reason: `username bób belongs to account bob (as bob: ${lookAlike})` },
      { row: 7, column: 'username', reason: `username ｂｏｂ belongs to account bob (as bob: ${lookAlike})` },
      { row: 8, column: 'username', reason: `username BOB belongs to account bob (as bob: ${lookAlike})` },
      { row: 10, column: 'chat_id', reason: expect.stringMatching(/^chat_id must be 1–128 printable ASCII characters without spaces/) },
    ]);
    expect(await accountRow('timing12')).toEqual({
      username: 'timing12',
      email: 'timing12@example.com',
      display_name: 'Tim Ing (updated)',
      chat_id: 'U1006',
    });
    expect(await accountRow('bob')).toEqual({ username: 'bob', email: 'bob@example.com', display_name: 'Bob', chat_id: null });
    expect(await accountRow('newcomer5')).toMatchObject({ chat_id: 'u1006' });
    expect(await accountCount()).toBe(3);
  });

  it('refuses look-alikes of an earlier row of the file, in the same batch or a later one, and imports the other rows (dry run and import agree)', async () => {
    before = 0;
    const lines = directoryCsv(1500).trimEnd().split('\r\n');
    lines[1] = 'user0,user0@example.com,User 0,X1,false,,';
    lines[2] = 'user1,user1@example.com,User 1,x1,false,,'; // case differs: another chat user
    lines[3] = 'user2,user2@example.com,User 2,X1,false,,';
    lines[4] = 'Úser0,user3-other@example.com,User 3,,false,,';
    lines[1300] = 'ｕｓｅｒ4,someone@example.com,Somebody,,false,,'; // a later batch: row 1,301 against row 6
    lines[1400] = 'user1399,USÉR5@example.com,Somebody,,false,,';
    const report = await dryRunThenImport(`${lines.join('\r\n')}\r\n`);
    expect(report).toMatchObject({ rows: 1500, created: 1496, updated: 0, failed: 4 });
    expect(reasons(report.errors)).toEqual([
      { row: 4, column: 'chat_id', reason: 'duplicate chat_id X1 (already earlier in the file)' },
      { row: 5, column: 'username', reason: 'duplicate username Úser0 (already earlier in the file)' },
      { row: 1301, column: 'username', reason: 'duplicate username ｕｓｅｒ4 (already earlier in the file)' },
      { row: 1401, column: 'email', reason: 'duplicate email usér5@example.com (already earlier in the file)' },
    ]);
    expect(await accountCount()).toBe(1496);
    expect(await accountRow('user3')).toBeUndefined();
    expect(
      (await stack.dataSource.query('SELECT chat_id FROM accounts WHERE chat_id IS NOT NULL ORDER BY chat_id COLLATE utf8mb4_bin')).map(
        (row: { chat_id: string }) => row.chat_id,
      ),
    ).toEqual(['X1', 'x1']);
  });

  it('two imports at once that share emails: each address lands once, every row is counted once, never a 500', async () => {
    const file = (prefix: string) =>
      [
        'username,email,display_name',
        ...Array.from({ length: 3000 }, (_, i) => `${prefix}${i},shared${i}@example.com,${prefix} ${i}`),
      ].join('\n');
    const [first, second] = await Promise.all([upload(file('first')), upload(file('second'))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.created + second.body.created).toBe(3000);
    expect(first.body.failed + second.body.failed).toBe(3000);
    expect(await accountCount()).toBe(3000);
    const owners: Array<{ username: string; email: string }> = await stack.dataSource.query('SELECT username, email FROM accounts');
    for (const { username, email } of owners) expect(email).toBe(`shared${username.replace(/^(first|second)/, '')}@example.com`);
  });

  it.each([
    [
      'a non-CSV file',
      () => upload(Buffer.from([0x89, 0x50, 0x4e, 0x47]), '', 'logo.png', 'image/png'),
      415,
      /Upload a \.csv file \(got image\/png\)/,
    ],
    ['a 20 MB file', () => upload(Buffer.alloc(20 * 1024 * 1024, 'a')), 413, /The file in "file" is larger than this upload accepts/],
    ['no file', () => admin.post('/api/accounts/import'), 400, /Upload the CSV as the multipart field "file"/],
    ['a missing column', () => upload('username,email\nx,x@example.com\n'), 400, /The CSV header lacks the column\(s\) display_name/],
    [
      'an unknown column',
      () => upload('username,email,display_name,password\nx,x@example.com,X,secret\n'),
      400,
      /Unknown CSV column\(s\) password/,
    ],
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
  }, 120_000);
});
