import { getQueueToken } from '@nestjs/bullmq';
import { AccountEntity, TEMPORARY_PASSWORD_HOURS } from '@resetdesk/accounts';
import { Clock, directoryConfig, DirectoryConfigType, QueueName, ScheduleKeeper } from '@resetdesk/core';
import { AuditEventEntity, AuditRecorder } from '@resetdesk/audit';
import {
  DIRECTORY_SYNC_SCHEDULER_ID,
  DirectoryConnection,
  DirectorySyncErrorCode,
  DirectorySyncException,
  DirectorySyncRepository,
  DirectorySyncRunEntity,
  DirectorySyncRunsRepository,
  DirectorySyncService,
  DirectoryUnavailable,
  operatorText,
  TEMPORARY_PASSWORD_WINDOW_HOURS,
} from '@resetdesk/directory';
import { DataSource } from 'typeorm';
import { Queue } from 'bullmq';
import { EXPIRY_REMINDER_SUBJECTS, NotificationEntity } from '@resetdesk/mail';
import { ReminderScanService } from '@resetdesk/reminders';
import { Attribute, Change } from 'ldapts';
import { Desk, useDesk } from '../support/desk';
import { holderFlows } from '../support/holder-flows';
import { PrivateSamba } from '../support/private-samba';
import { PrivateSlapd, SlapdUser } from '../support/private-slapd';
import { spawnEntrypoint, waitForExit } from '../support/run-entrypoint';
import { signedIn } from '../support/staff';
import { TcpProxy } from '../support/tcp-proxy';
import { as } from '../support/test-stack';
import { openTicket, verifyCaller } from '../support/tickets';
import { sleep, waitFor } from '../support/wait-for';

const DAY_MS = 86_400_000;
const PEOPLE = 3_000;
/** The bulk entries' password date: their expiry is this plus the default policy's 120 days. */
const BULK_CHANGED = '20261120083000Z';
const BULK_CHANGED_AT = new Date('2026-11-20T08:30:00.000Z');
const uid = (n: number) => `u${String(n).padStart(5, '0')}`;
const PRIVILEGED = [uid(1), uid(2)];

function* people(): Generator<SlapdUser> {
  for (let n = 1; n <= PEOPLE; n++) {
    yield {
      uid: uid(n),
      cn: `Person ${n}`,
      mail: `${uid(n)}@example.org`,
      password: `Initial-pass-${n}-x`,
      attributes: { pwdChangedTime: BULK_CHANGED },
    };
  }
}

describe('directory sync (OpenLDAP)', () => {
  let slapd: PrivateSlapd;
  let proxy: TcpProxy;
  let groupDn: string;
  const env: Record<string, string> = {};
  // The stack starts in useDesk's beforeAll, after ours has filled env: hooks run in the order they are declared.
  beforeAll(async () => {
    slapd = await PrivateSlapd.start({ bulkUsers: people() });
    groupDn = await slapd.addGroup(
      'helpdesk-privileged',
      PRIVILEGED.map((name) => slapd.userDn(name)),
    );
    // Between the app and slapd: cutting it is the directory going away in the middle of a sync.
    proxy = await TcpProxy.start({ host: '127.0.0.1', port: slapd.tlsPort });
    Object.assign(env, slapd.env({ DIRECTORY_URL: `ldaps://127.0.0.1:${proxy.port}`, DIRECTORY_PRIVILEGED_GROUP: groupDn }));
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await slapd?.stop();
  });
  const desk = useDesk(env);

  const sync = (mode?: 'full' | 'incremental') => desk.stack.api.get(DirectorySyncService).run({ trigger: 'cli', mode });
  const accountNamed = (username: string) => desk.stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ username });
  const runs = () => desk.stack.dataSource.getRepository(DirectorySyncRunEntity).find({ order: { id: 'ASC' } });
  const auditOf = (action: string) =>
    desk.stack.dataSource.getRepository(AuditEventEntity).find({ where: { action }, order: { id: 'ASC' } });

  it('syncs 3,000 entries by paged search: ids, expiry from pwdChangedTime + pwdMaxAge, privileged from the group, one audit event; a second run changes nothing', async () => {
    const started = Date.now();
    const first = await sync();
    expect(first).toMatchObject({
      mode: 'full',
      present: PEOPLE,
      seen: PEOPLE,
      created: PEOPLE,
      updated: 0,
      unchanged: 0,
      disabled: 0,
      conflicts: 0,
    });
    expect(Date.now() - started).toBeLessThan(20_000);

    const entry = await slapd.read(slapd.userDn(uid(7)), ['entryUUID']);
    const account = await accountNamed(uid(7));
    expect(account).toMatchObject({
      directoryId: String(entry.entryUUID).toLowerCase(),
      directoryDn: slapd.userDn(uid(7)),
      email: `${uid(7)}@example.org`,
      displayName: 'Person 7',
      status: 'active',
      privileged: false,
      passwordHash: null,
      mustChangePassword: false,
      passwordVersion: 0,
    });
    expect(account.passwordChangedAt).toEqual(BULK_CHANGED_AT);
    expect(account.passwordExpiresAt).toEqual(new Date(BULK_CHANGED_AT.getTime() + 120 * DAY_MS));
    expect((await accountNamed(uid(1))).privileged).toBe(true);
    expect((await accountNamed(uid(2))).privileged).toBe(true);
    const [privileged] = await desk.stack.dataSource.query('SELECT COUNT(*) AS n FROM accounts WHERE privileged = 1');
    expect(Number(privileged.n)).toBe(2);

    const [event] = await auditOf('directory.synced');
    expect(event!.details).toMatchObject({
      mode: 'full',
      trigger: 'cli',
      seen: PEOPLE,
      created: PEOPLE,
      disabled: 0,
      conflicts: 0,
      directory: 'ldap',
    });
    expect(String(event!.details.expiryPolicy)).toContain(
      `default policy ${slapd.policyDn} (the only pwdPolicy under dc=example,dc=org), pwdMaxAge ${120 * 86_400} s`,
    );
    expect(JSON.stringify(event!.details)).not.toContain(slapd.bindPassword);

    const second = await sync();
    expect(second).toMatchObject({ mode: 'incremental', present: PEOPLE, created: 0, updated: 0, disabled: 0, conflicts: 0 });
    // The bulk entries share one modifyTimestamp second, and the cursor is inclusive: they are read again and found unchanged.
    expect(second.unchanged).toBe(second.seen);
    expect((await runs()).map((run) => [run.mode, run.status])).toEqual([
      ['full', 'succeeded'],
      ['incremental', 'succeeded'],
    ]);
    expect((await runs())[1]!.changeCursor).toMatch(/^\d{14}Z$/);
  });

  it('an incremental run picks up a mail changed and a password changed directly in the directory: new expiry, password_version bumped', async () => {
    await sync();
    const before = await accountNamed(uid(11));
    await slapd.modify(slapd.userDn(uid(10)), { mail: 'renamed.person10@example.org' });
    const changedAt = Date.now();
    await slapd.changeOwnPassword(slapd.userDn(uid(11)), 'Initial-pass-11-x', 'Brand-new-pass-11-y');
    const pwdChangedTime = String((await slapd.read(slapd.userDn(uid(11)), ['pwdChangedTime'])).pwdChangedTime);

    const summary = await sync();
    expect(summary).toMatchObject({ mode: 'incremental', created: 0, updated: 2, conflicts: 0 });
    expect((await accountNamed(uid(10))).email).toBe('renamed.person10@example.org');
    const after = await accountNamed(uid(11));
    expect(after.passwordVersion).toBe(before.passwordVersion + 1);
    expect(Math.abs(after.passwordChangedAt!.getTime() - changedAt)).toBeLessThan(5_000);
    expect(after.passwordExpiresAt!.getTime() - after.passwordChangedAt!.getTime()).toBe(120 * DAY_MS);
    expect(pwdChangedTime).toMatch(/^\d{14}Z$/);
    expect((await accountNamed(uid(10))).passwordVersion).toBe(0);
  });

  it('disables an account whose entry was deleted (its ticket and history kept); an entry added again under a new entryUUID is a conflict, not that account', async () => {
    await sync();
    const account = await accountNamed(uid(20));
    const ticketId = await openTicket(desk.admin, account.id);
    const leaverDn = slapd.userDn(uid(20));
    await slapd.remove(leaverDn);

    const gone = await sync();
    expect(gone).toMatchObject({ mode: 'incremental', present: PEOPLE - 1, disabled: 1 });
    expect(await accountNamed(uid(20))).toMatchObject({ id: account.id, status: 'disabled', directoryId: account.directoryId });
    const [ticket] = await desk.stack.dataSource.query('SELECT account_id AS accountId FROM tickets WHERE id = ?', [ticketId]);
    expect(Number(ticket.accountId)).toBe(account.id);
    const [{ n: events }] = await desk.stack.dataSource.query('SELECT COUNT(*) AS n FROM audit_events WHERE account_id = ?', [account.id]);
    expect(Number(events)).toBeGreaterThan(0);
    // Already disabled: the next run counts nobody again.
    expect((await sync()).disabled).toBe(0);

    // Added again, it is a new entry (a new entryUUID) with the same uid — the same person, or a new one: the directory cannot
    // say which, so the old account is not handed over; it stays disabled and the entry is a conflict until an admin decides.
    await slapd.addUser({ uid: uid(20), cn: 'Person 20', mail: `${uid(20)}@example.org`, password: 'Returned-pass-20-x' });
    const back = await sync();
    expect(back).toMatchObject({ created: 0, adopted: 0, conflicts: 1, disabled: 0 });
    expect(back.namedConflicts).toEqual([
      {
        dn: leaverDn,
        username: uid(20),
        reason: 'its username belonged to an account whose directory entry left; rename or remove the old account',
      },
    ]);
    const newId = String((await slapd.read(leaverDn, ['entryUUID'])).entryUUID).toLowerCase();
    expect(newId).not.toBe(account.directoryId);
    expect(await accountNamed(uid(20))).toMatchObject({ id: account.id, status: 'disabled', directoryId: account.directoryId });
  });

  it('disables an account whose entry moved out of the base and enables it when it moves back (same entryUUID, read by an incremental run)', async () => {
    await sync();
    const account = await accountNamed(uid(70));
    const inside = slapd.userDn(uid(70));
    const outside = slapd.userDn(uid(70), 'services');
    await slapd.asRoot((client) => client.modifyDN(inside, outside));
    expect((await sync()).disabled).toBe(1);
    expect(await accountNamed(uid(70))).toMatchObject({ id: account.id, status: 'disabled' });

    await slapd.asRoot((client) => client.modifyDN(outside, inside));
    const back = await sync();
    expect(back).toMatchObject({ mode: 'incremental', created: 0, disabled: 0 });
    expect(await accountNamed(uid(70))).toMatchObject({
      id: account.id,
      status: 'active',
      directoryId: account.directoryId,
      directoryDn: inside,
    });
  });

  it('adopts a local account of the same username: linked to the entry, its local password hash and history cleared', async () => {
    const localId = (
      await desk.admin
        .post('/api/accounts')
        .send({ username: uid(30), email: 'old.address30@example.com', displayName: 'Local 30' })
        .expect(201)
    ).body.id as number;
    await desk.stack.dataSource.query(
      "UPDATE accounts SET password_hash = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$fake', password_version = 3 WHERE id = ?",
      [localId],
    );
    await desk.stack.dataSource.query(
      "INSERT INTO password_history (account_id, password_hash, created_at) VALUES (?, '$argon2id$old', NOW(3))",
      [localId],
    );

    const summary = await sync();
    expect(summary).toMatchObject({ created: PEOPLE - 1, updated: 1, adopted: 1, conflicts: 0 });
    const adopted = await accountNamed(uid(30));
    expect(adopted).toMatchObject({ id: localId, email: `${uid(30)}@example.org`, passwordHash: null, directoryDn: slapd.userDn(uid(30)) });
    expect(adopted.directoryId).toBe(String((await slapd.read(slapd.userDn(uid(30)), ['entryUUID'])).entryUUID).toLowerCase());
    // The directory's password date differs from the local one: a new password version, so reminders start over.
    expect(adopted.passwordVersion).toBe(4);
    const [{ n }] = await desk.stack.dataSource.query('SELECT COUNT(*) AS n FROM password_history WHERE account_id = ?', [localId]);
    expect(Number(n)).toBe(0);
  });

  it('counts a look-alike username (accents folded as the unique index folds them) and an entry without mail as conflicts, and names them', async () => {
    const jose = await slapd.addUser({ uid: 'jose', cn: 'Jose A', mail: 'jose.a@example.org' });
    const joseAccent = await slapd.addUser({ uid: 'José', cn: 'José B', mail: 'jose.b@example.org' });
    const noMail = await slapd.addUser({ uid: 'nomail', cn: 'No Mail' });
    try {
      const summary = await sync('full');
      expect(summary).toMatchObject({ present: PEOPLE + 3, created: PEOPLE + 1, conflicts: 2 });
      const run = (await runs()).at(-1)!;
      expect(run.status).toBe('succeeded');
      expect(run.error).toContain('2 entries not synced');
      expect(run.error).toContain(`${noMail}: it has no mail: accounts need an email address`);
      // Whichever of the two the directory returned first owns the name; the other is named with the reason.
      const [winner] = await desk.stack.dataSource.query("SELECT directory_dn AS dn FROM accounts WHERE username = 'jose'");
      const loser = winner.dn === jose ? joseAccent : jose;
      expect(run.error).toContain(`${loser}: its username is the same as ${winner.dn}'s (as the database compares them)`);
      const [event] = await auditOf('directory.synced');
      expect(event!.details.conflicts).toBe(2);
      expect(JSON.stringify(event!.details.conflictEntries)).toContain(noMail);

      // An entry whose mail a local account of another username has (case folded): taken, named, the local account left as it was.
      const localId = (
        await desk.admin
          .post('/api/accounts')
          .send({ username: 'carla.local', email: 'carla@example.org', displayName: 'Carla Local' })
          .expect(201)
      ).body.id as number;
      const carla = await slapd.addUser({ uid: 'carla', cn: 'Carla Entry', mail: 'Carla@Example.org' });
      try {
        const later = await sync();
        const laterError = (await runs()).at(-1)!.error!;
        expect(laterError).toContain(`${carla}: its email is taken by local account "carla.local" (as the database compares them)`);
        // The incremental read starts at the full run's newest change stamp (whole seconds), so the earlier conflicts
        // changed in that same second are read, and counted, again; those changed before it are not.
        const reread = [loser, noMail].filter((dn) => laterError.includes(dn)).length;
        expect(later).toMatchObject({ mode: 'incremental', created: 0, conflicts: 1 + reread });
        expect(await desk.stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id: localId })).toMatchObject({
          directoryId: null,
          username: 'carla.local',
          displayName: 'Carla Local',
        });
      } finally {
        await slapd.remove(carla);
      }
    } finally {
      for (const dn of [jose, joseAccent, noMail]) await slapd.remove(dn);
    }
  });

  it('reads a ppolicy lockout (five wrong passwords) as locked and pwdReset as must change, on an incremental run', async () => {
    await sync();
    const lockedDn = slapd.userDn(uid(60));
    const before = String((await slapd.read(lockedDn, ['modifyTimestamp'])).modifyTimestamp);
    // modifyTimestamp has whole seconds: the lockout must land in a later one to show it moved.
    await sleep(1_100);
    for (let attempt = 0; attempt < 5; attempt++) expect(await slapd.canBind(lockedDn, 'Wrong-password-0')).toBe(false);
    expect(await slapd.canBind(lockedDn, 'Initial-pass-60-x')).toBe(false);
    const state = await slapd.read(lockedDn, ['pwdAccountLockedTime', 'modifyTimestamp']);
    expect(String(state.pwdAccountLockedTime)).toMatch(/^\d{14}Z$/);
    // ppolicy's own write of the lockout moves modifyTimestamp, so an incremental read sees it.
    expect(String(state.modifyTimestamp) > before).toBe(true);
    await slapd.modify(slapd.userDn(uid(61)), { pwdReset: 'TRUE' });

    const summary = await sync();
    expect(summary.mode).toBe('incremental');
    expect(await accountNamed(uid(60))).toMatchObject({ status: 'locked' });
    expect(await accountNamed(uid(61))).toMatchObject({ mustChangePassword: true, status: 'active' });
    await slapd.modify(lockedDn, { pwdAccountLockedTime: null });
    await slapd.modify(slapd.userDn(uid(61)), { pwdReset: null });
    expect((await sync()).mode).toBe('incremental');
    expect(await accountNamed(uid(60))).toMatchObject({ status: 'active' });
    expect(await accountNamed(uid(61))).toMatchObject({ mustChangePassword: false });
  });

  it("links each account to the account synced from its entry's manager DN, following a change, a manager outside the base, and none", async () => {
    await sync();
    const setManager = (values: string[]) =>
      slapd.asRoot((client) =>
        client.modify(slapd.userDn(uid(50)), [
          new Change({ operation: 'replace', modification: new Attribute({ type: 'manager', values }) }),
        ]),
      );
    try {
      await setManager([slapd.userDn(uid(51))]);
      expect(await sync()).toMatchObject({ mode: 'incremental', managerChanges: 1 });
      const manager = await accountNamed(uid(51));
      expect(await accountNamed(uid(50))).toMatchObject({ managerId: manager.id, managerDn: slapd.userDn(uid(51)) });
      expect((await desk.admin.get(`/api/accounts/${(await accountNamed(uid(50))).id}`).expect(200)).body.managerName).toBe(
        `Person 51 (${uid(51)})`,
      );
      // Nothing changed: nothing to link again.
      expect(await sync()).toMatchObject({ managerChanges: 0 });

      // A manager the sync does not bring (outside the base): the DN is kept, no account is linked.
      await setManager(['cn=Outside Boss,dc=example,dc=org']);
      expect(await sync()).toMatchObject({ managerChanges: 1 });
      expect(await accountNamed(uid(50))).toMatchObject({ managerId: null, managerDn: 'cn=Outside Boss,dc=example,dc=org' });

      await setManager([slapd.userDn(uid(52))]);
      await sync();
      expect((await accountNamed(uid(50))).managerId).toBe((await accountNamed(uid(52))).id);
      await setManager([]);
      await sync();
      expect(await accountNamed(uid(50))).toMatchObject({ managerId: null, managerDn: null });
    } finally {
      await setManager([]).catch(() => undefined);
    }
  });

  it('follows a group change on an incremental run (the member entry itself did not change)', async () => {
    await sync();
    expect((await accountNamed(uid(40))).privileged).toBe(false);
    await slapd.asRoot((client) =>
      client.modify(groupDn, [
        new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [slapd.userDn(uid(40))] }) }),
      ]),
    );
    try {
      const summary = await sync();
      expect(summary).toMatchObject({ mode: 'incremental', privilegeChanges: 1 });
      expect((await accountNamed(uid(40))).privileged).toBe(true);
    } finally {
      await slapd.asRoot((client) =>
        client.modify(groupDn, [
          new Change({ operation: 'delete', modification: new Attribute({ type: 'member', values: [slapd.userDn(uid(40))] }) }),
        ]),
      );
    }
  });

  it('records a run the directory dropped in the middle as failed and audited; the next run starts from the last good cursor and catches up', async () => {
    await sync();
    const goodCursor = (await runs())[0]!.changeCursor;
    // Near the end of the directory's order, so the run cut short never reaches it.
    await slapd.modify(slapd.userDn(uid(2950)), { mail: 'moved.person2950@example.org' });

    // Past the id-only pass, in the middle of the entries (about 1,500 read): the run stops half done.
    const cut = proxy.cutAfterServerBytes(900_000);
    // Full, so the run reads every entry whatever earlier tests changed.
    const failure = await sync('full').catch((error: unknown) => error);
    await Promise.race([cut, sleep(5_000).then(() => Promise.reject(new Error('the sync ended before the proxy was cut')))]);
    await proxy.restore();
    expect(failure).toBeInstanceOf(DirectoryUnavailable);
    // Holders would read the short sentence; the run's record and the operator read what failed where.
    expect((failure as Error).message).toBe('The directory could not be reached; try again in a minute');
    expect(operatorText(failure)).toMatch(/^The directory at ldaps:\/\/127\.0\.0\.1:\d+ did not answer \(.+\); try again in a minute/);
    const failed = (await runs())[1]!;
    expect(failed).toMatchObject({ status: 'failed', mode: 'full', leaseUntil: null, changeCursor: null });
    expect(failed.seen).toBeGreaterThan(0);
    expect(failed.seen).toBeLessThan(PEOPLE);
    expect((await accountNamed(uid(2950))).email).toBe(`${uid(2950)}@example.org`);
    expect(failed.error).toBe(operatorText(failure));
    const [audited] = await auditOf('directory.sync_failed');
    expect(audited!.details).toMatchObject({ error: failed.error, trigger: 'cli' });
    expect(JSON.stringify(audited!.details)).not.toContain(slapd.bindPassword);

    const recovered = await sync();
    // Incremental from the cursor of the last good run, not the failed one's.
    expect(recovered).toMatchObject({ mode: 'incremental', conflicts: 0, disabled: 0 });
    expect((await accountNamed(uid(2950))).email).toBe('moved.person2950@example.org');
    expect((await runs()).map((run) => run.status)).toEqual(['succeeded', 'failed', 'succeeded']);
    expect(recovered.cursor! >= goodCursor!).toBe(true);
    const [{ n }] = await desk.stack.dataSource.query(
      "SELECT COUNT(*) AS n FROM accounts WHERE directory_id IS NOT NULL AND status = 'active'",
    );
    expect(Number(n)).toBe(PEOPLE);
  });

  it('stops on a setting that names nothing, in its own words (not as the directory not answering), and disables nobody', async () => {
    await sync();
    const api = desk.stack.api;
    // The service as the app builds it, with one setting changed.
    const misconfigured = (change: Partial<DirectoryConfigType>) =>
      new DirectorySyncService(
        api.get(DirectoryConnection),
        api.get(DirectorySyncRunsRepository),
        api.get(DirectorySyncRepository),
        api.get(AuditRecorder),
        api.get(DataSource),
        api.get(Clock),
        { ...api.get<DirectoryConfigType>(directoryConfig.KEY), ...change },
      );
    await expect(misconfigured({ privilegedGroup: `cn=nobody-here,${slapd.groupsDn}` }).run({ trigger: 'cli' })).rejects.toThrow(
      new Error(
        `DIRECTORY_PRIVILEGED_GROUP names no entry the service account can read (cn=nobody-here,${slapd.groupsDn}); fix it, or nobody would be privileged`,
      ),
    );
    await expect(misconfigured({ userFilter: '(objectClass=nothingLikeThis)' }).run({ trigger: 'cli' })).rejects.toThrow(
      `The directory returned no entries for (objectClass=nothingLikeThis) under ${slapd.peopleDn}; not disabling ${PEOPLE} directory accounts. Check DIRECTORY_BASE_DN and DIRECTORY_USER_FILTER`,
    );
    const all = await runs();
    expect(all.map((run) => run.status)).toEqual(['succeeded', 'failed', 'failed']);
    expect(all[1]!.error).toMatch(/^DIRECTORY_PRIVILEGED_GROUP names no entry/);
    const [{ n }] = await desk.stack.dataSource.query("SELECT COUNT(*) AS n FROM accounts WHERE status = 'disabled'");
    expect(Number(n)).toBe(0);
  });

  it('refuses to disable more than DIRECTORY_SYNC_MAX_DISABLE_PERCENT of the directory accounts in one run, disabling nobody; a higher setting lets it through', async () => {
    await sync();
    const api = desk.stack.api;
    const withSettings = (change: Partial<DirectoryConfigType>) =>
      new DirectorySyncService(
        api.get(DirectoryConnection),
        api.get(DirectorySyncRunsRepository),
        api.get(DirectorySyncRepository),
        api.get(AuditRecorder),
        api.get(DataSource),
        api.get(Clock),
        { ...api.get<DirectoryConfigType>(directoryConfig.KEY), ...change },
      );
    // A filter narrowed by mistake: u01000–u01999 drop out, a third of everyone.
    const narrowed = '(&(objectClass=inetOrgPerson)(!(uid=u01*)))';
    const message = `This run would disable 1000 of ${PEOPLE} directory accounts (33.3 %), more than DIRECTORY_SYNC_MAX_DISABLE_PERCENT=20 allows; nobody was disabled. Check DIRECTORY_BASE_DN and DIRECTORY_USER_FILTER, or raise DIRECTORY_SYNC_MAX_DISABLE_PERCENT for one run if they did leave`;
    await expect(withSettings({ userFilter: narrowed }).run({ trigger: 'cli', mode: 'full' })).rejects.toThrow(new Error(message));
    const [{ n: none }] = await desk.stack.dataSource.query("SELECT COUNT(*) AS n FROM accounts WHERE status = 'disabled'");
    expect(Number(none)).toBe(0);
    const failed = (await runs()).at(-1)!;
    expect(failed).toMatchObject({ status: 'failed', error: message });
    const [audited] = await auditOf('directory.sync_failed');
    expect(audited!.details).toMatchObject({ error: message });

    const allowed = await withSettings({ userFilter: narrowed, syncMaxDisablePercent: 40 }).run({ trigger: 'cli', mode: 'full' });
    expect(allowed).toMatchObject({ disabled: 1000, present: PEOPLE - 1000 });
    expect((await accountNamed(uid(1500))).status).toBe('disabled');
  });

  it('runs one sync at a time: a second one started meanwhile is refused; a run whose lease ran out is taken over', async () => {
    const [a, b] = await Promise.allSettled([sync(), sync()]);
    const outcomes = [a, b].map((outcome) => outcome.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const refused = [a, b].find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DirectorySyncException);
    expect(refused.reason.code).toBe(DirectorySyncErrorCode.AlreadyRunning);
    expect(refused.reason.message).toMatch(/^A directory sync is already running \(run \d+, started .+\); this one was not started$/);
    expect(await runs()).toHaveLength(1);

    // A process that died mid-run leaves its row running; once the lease has passed, the next run marks it failed.
    await desk.stack.dataSource.query(
      "INSERT INTO directory_sync_runs (mode, trigger_source, status, started_at, lease_until) VALUES ('full', 'schedule', 'running', NOW(3) - INTERVAL 10 MINUTE, NOW(3) - INTERVAL 5 MINUTE)",
    );
    await sync();
    const all = await runs();
    expect(all[1]).toMatchObject({ status: 'failed' });
    expect(all[1]!.error).toContain('stopped renewing its lease');
    expect(all[2]).toMatchObject({ status: 'succeeded' });
  });

  it('sends the 7-day reminder for a password whose directory expiry is 7 days away', async () => {
    const weekPolicy = `cn=week,ou=policies,${slapd.suffix}`;
    await slapd.asRoot((client) =>
      client.add(weekPolicy, {
        objectClass: ['pwdPolicy', 'device'],
        cn: 'week',
        pwdAttribute: 'userPassword',
        pwdMaxAge: String(7 * 86_400),
        pwdMinLength: '10',
        pwdCheckQuality: '2',
      }),
    );
    const dn = await slapd.addUser({
      uid: 'weekly',
      cn: 'Wendy Weekly',
      mail: 'wendy@example.org',
      password: 'First-pass-weekly-1',
      attributes: { pwdPolicySubentry: weekPolicy },
    });
    try {
      // With two policies in the tree the default must be named; this stack did not, so here the entry's own subentry is what counts.
      const summary = await sync();
      expect(summary.conflicts).toBe(0);
      const account = await accountNamed('weekly');
      expect(account.passwordExpiresAt!.getTime() - account.passwordChangedAt!.getTime()).toBe(7 * DAY_MS);
      expect(Math.abs(account.passwordChangedAt!.getTime() - Date.now())).toBeLessThan(10_000);

      const scan = await desk.stack.api.get(ReminderScanService).run({ trigger: 'cli' });
      expect(scan.queued).toBe(1);
      const [reminder] = await desk.stack.dataSource.getRepository(NotificationEntity).find({ where: { kind: 'expiry-reminder' } });
      expect(reminder).toMatchObject({ recipient: 'wendy@example.org', milestone: 7, dedupeKey: `reminder:${account.id}:v0:7` });
      await waitFor(
        () =>
          desk.mailbox.messages.some(
            (message) => message.to.includes('wendy@example.org') && message.subject === EXPIRY_REMINDER_SUBJECTS.upcoming,
          ),
        {
          what: 'the 7-day reminder email',
          timeoutMs: 20_000,
        },
      );
    } finally {
      await slapd.remove(dn);
      await slapd.remove(weekPolicy);
    }
  });

  describe('API and CLI', () => {
    it('POST /api/directory/sync (admin) queues one job however often it is clicked; the worker runs it; supervisors list the runs', async () => {
      const [first, second] = await Promise.all([
        desk.admin.post('/api/directory/sync').send({}).expect(202),
        desk.admin.post('/api/directory/sync').send({}).expect(202),
      ]);
      expect(first.body).toMatchObject({ jobId: 'directory-sync-requested' });
      expect(second.body.jobId).toBe(first.body.jobId);
      await waitFor(async () => (await runs()).some((run) => run.status === 'succeeded'), { what: 'the queued sync', timeoutMs: 30_000 });
      await sleep(500);
      const all = await runs();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ trigger: 'admin', mode: 'full', created: PEOPLE });
      expect(all[0]!.requestedByStaffId).toEqual(expect.any(Number));

      const supervisor = as(desk.stack, (await signedIn(desk.stack, 'supervisor')).token);
      const agent = as(desk.stack, (await signedIn(desk.stack, 'agent')).token);
      const list = await supervisor.get('/api/directory/sync-runs').expect(200);
      expect(list.headers['content-range']).toBe('directory-sync-runs 0-0/1');
      expect(list.body[0]).toMatchObject({
        id: all[0]!.id,
        status: 'succeeded',
        mode: 'full',
        trigger: 'admin',
        created: PEOPLE,
        conflicts: 0,
        error: null,
      });
      await supervisor.post('/api/directory/sync').send({}).expect(403);
      await agent.get('/api/directory/sync-runs').expect(403);
      await desk.admin.post('/api/directory/sync').send({ mode: 'sideways' }).expect(400);
    });

    it('the worker keeps the sync scheduled on DIRECTORY_SYNC_SCHEDULE under one id, and re-creates it when Redis lost it', async () => {
      const queue = desk.stack.worker!.get<Queue>(getQueueToken(QueueName.Directory));
      expect(await queue.getJobScheduler(DIRECTORY_SYNC_SCHEDULER_ID)).toMatchObject({
        pattern: '0 * * * *',
        tz: 'UTC',
        name: 'directory-sync',
      });
      // The sync and the write-journal sweep, each under one id however many workers keep them.
      expect((await queue.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual([
        'directory-sync',
        'sweep-directory-writes',
      ]);
      await queue.removeJobScheduler(DIRECTORY_SYNC_SCHEDULER_ID);
      await desk.stack.worker!.get(ScheduleKeeper).checkAll();
      expect(await queue.getJobScheduler(DIRECTORY_SYNC_SCHEDULER_ID)).toMatchObject({ pattern: '0 * * * *' });
    });

    it('npm run cli -- directory:sync prints the counts; with the directory away it exits 1 with the error', async () => {
      const ok = await waitForExit(
        spawnEntrypoint('cli', ['directory:sync', '--full'], { ...process.env, ...env } as Record<string, string>),
        60_000,
      );
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(
        new RegExp(
          `^Directory sync \\d+ \\(full\\): ${PEOPLE} entries read of ${PEOPLE} in the directory, ${PEOPLE} created, 0 updated, 0 unchanged, 0 disabled \\(gone from the directory\\), 0 conflicts`,
        ),
      );

      await proxy.cut();
      try {
        const down = await waitForExit(
          spawnEntrypoint('cli', ['directory:sync'], { ...process.env, ...env } as Record<string, string>),
          60_000,
        );
        expect(down.code).toBe(1);
        expect(down.stderr).toMatch(/^directory:sync failed: The directory at ldaps:\/\/127\.0\.0\.1:\d+ did not answer/);
      } finally {
        await proxy.restore();
      }
    });
  });
});

/**
 * What an account holder may still have open when the sync disables the
 * account: a reset link, a forgot-password code, a verified ticket, a
 * linked chat id. `refused` then tries each through the API.
 */
function openCredentials(desk: Desk) {
  let accountId = 0;
  const flows = holderFlows(() => ({ stack: desk.stack, mailbox: desk.mailbox, agent: desk.admin, accountId }));
  return {
    async open(id: number, email: string, chatId: string) {
      accountId = id;
      await desk.admin.put(`/api/accounts/${id}`).send({ chatId }).expect(200);
      const token = await flows.linkFor(await flows.verifiedTicket());
      const ticketId = await flows.verifiedTicket();
      await desk.stack.http.post('/api/self-service/forgot-password').send({ email }).expect(202);
      const mail = await desk.mailbox.waitForMessage(
        (message) => message.subject === 'Your password reset code' && message.to.includes(email),
      );
      const code = /Your password reset code: (\d{6})/.exec(mail.text)![1]!;
      return { token, ticketId, code, email, chatId };
    },
    async refused(open: { token: string; ticketId: number; code: string; email: string; chatId: string }) {
      const before = await flows.account();
      // Still linked (the sync keeps the chat id): the chat command is refused for the status, not for a lost link.
      expect(before).toMatchObject({ status: 'disabled', chatId: open.chatId });
      // Passwords the policy accepts: the refusal must come from the status, not the password.
      await flows.redeem(open.token, 'Harbor-lantern-57-quiet').expect(410);
      const code = await desk.stack.http
        .post('/api/self-service/forgot-password/verify')
        .send({ email: open.email, code: open.code, newPassword: 'Copper-window-83-still' })
        .expect(422);
      // The same answer as a wrong code: a disabled account is not told apart.
      expect(code.body).toMatchObject({
        code: 'CODE_WRONG_OR_EXPIRED',
        message: 'The code is wrong, expired or already used; check the newest email, or ask for a new code',
      });
      const ticketReset = await desk.admin.post(`/api/tickets/${open.ticketId}/reset`).send({ method: 'temporary' }).expect(409);
      expect(ticketReset.body).toMatchObject({
        code: 'ACCOUNT_DISABLED',
        message: 'The account is disabled; enable it before resetting its password',
      });
      const answer = await flows.chat(open.chatId, '#resetpassword#Quartz-meadow-41-brisk').expect(200);
      // The same answer as an unknown chat id: a disabled account is not one the desk looks after.
      expect(answer.body).toEqual({
        reply: 'This chat is not linked to an account we look after, so there is nothing we can do here. Contact support if you need help.',
      });
      expect(await flows.account()).toMatchObject({
        status: 'disabled',
        passwordVersion: before.passwordVersion,
        mustChangePassword: before.mustChangePassword,
      });
      expect(await flows.events('account.password_set')).toEqual([]);
    },
  };
}

/**
 * A small directory with no privileged group and no chat attribute
 * configured: what ResetDesk keeps for itself (the privileged flag, chat
 * ids, the expiry of a temporary password it set) must survive every run.
 */
describe('directory sync (OpenLDAP): what the directory does not own', () => {
  let slapd: PrivateSlapd;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    Object.assign(env, slapd.env());
  }, 60_000);
  afterAll(async () => {
    await slapd?.stop();
  });
  const desk = useDesk(env);
  const sync = (mode?: 'full' | 'incremental') => desk.stack.api.get(DirectorySyncService).run({ trigger: 'cli', mode });
  /** The service as the app builds it, with some settings changed. */
  const syncWith = (change: Partial<DirectoryConfigType>, mode?: 'full' | 'incremental') => {
    const api = desk.stack.api;
    const config = api.get<DirectoryConfigType>(directoryConfig.KEY);
    return new DirectorySyncService(
      api.get(DirectoryConnection),
      api.get(DirectorySyncRunsRepository),
      api.get(DirectorySyncRepository),
      api.get(AuditRecorder),
      api.get(DataSource),
      api.get(Clock),
      { ...config, ...change, attributes: { ...config.attributes, ...change.attributes } },
    ).run({ trigger: 'cli', mode });
  };
  const accountNamed = (username: string) => desk.stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ username });
  const person = (name: string, attributes: Record<string, string> = {}) =>
    slapd.addUser({ uid: name, cn: `Person ${name}`, mail: `${name}@example.org`, password: `Initial-pass-${name}-1`, attributes });

  it('without DIRECTORY_PRIVILEGED_GROUP leaves the privileged flag alone (an adopted local account keeps it); with a group, the group owns it', async () => {
    await person('priv-local');
    await person('priv-set');
    await person('priv-never');
    const localId = (
      await desk.admin
        .post('/api/accounts')
        .send({ username: 'priv-local', email: 'priv-local@example.org', displayName: 'Local', privileged: true })
        .expect(201)
    ).body.id as number;

    expect(await sync('full')).toMatchObject({ adopted: 1, conflicts: 0, privilegeChanges: 0 });
    expect(await accountNamed('priv-local')).toMatchObject({ id: localId, privileged: true });
    expect((await accountNamed('priv-never')).privileged).toBe(false);
    const setId = (await accountNamed('priv-set')).id;
    await desk.admin.put(`/api/accounts/${setId}`).send({ privileged: true }).expect(200);

    for (const mode of ['full', 'incremental'] as const) {
      expect(await sync(mode)).toMatchObject({ mode, conflicts: 0, privilegeChanges: 0 });
      expect((await accountNamed('priv-local')).privileged).toBe(true);
      expect((await accountNamed('priv-set')).privileged).toBe(true);
      expect((await accountNamed('priv-never')).privileged).toBe(false);
    }

    // A group configured: membership decides, both ways.
    const group = await slapd.addGroup('sync-owners', [slapd.userDn('priv-never')]);
    expect(await syncWith({ privilegedGroup: group }, 'incremental')).toMatchObject({ privilegeChanges: 3 });
    expect((await accountNamed('priv-local')).privileged).toBe(false);
    expect((await accountNamed('priv-set')).privileged).toBe(false);
    expect((await accountNamed('priv-never')).privileged).toBe(true);
  });

  it("without DIRECTORY_ATTR_CHAT_ID keeps the chat id an admin set through full and incremental runs; with it mapped, the chat id is the directory's", async () => {
    const dn = await person('chatty', { employeeNumber: 'U-from-directory' });
    await sync('full');
    const account = await accountNamed('chatty');
    expect(account.chatId).toBeNull();
    await desk.admin.put(`/api/accounts/${account.id}`).send({ chatId: 'U-set-by-admin' }).expect(200);

    await slapd.modify(dn, { cn: 'Chatty Renamed' });
    expect(await sync('incremental')).toMatchObject({ updated: 1, conflicts: 0 });
    expect(await accountNamed('chatty')).toMatchObject({ displayName: 'Chatty Renamed', chatId: 'U-set-by-admin' });
    expect(await sync('full')).toMatchObject({ updated: 0, conflicts: 0 });
    expect((await accountNamed('chatty')).chatId).toBe('U-set-by-admin');

    const mapped = await syncWith({ attributes: { chatId: 'employeeNumber' } as DirectoryConfigType['attributes'] }, 'full');
    expect(mapped).toMatchObject({ updated: 1, conflicts: 0 });
    expect((await accountNamed('chatty')).chatId).toBe('U-from-directory');
  });

  it("keeps the 24-hour expiry of a temporary password ResetDesk set while ppolicy still says pwdReset: TRUE; the directory's expiry once it is changed", async () => {
    // The directory library keeps its own copy of the window (it must not depend on the accounts library).
    expect(TEMPORARY_PASSWORD_WINDOW_HOURS).toBe(TEMPORARY_PASSWORD_HOURS);
    const dn = await person('temper');
    await sync('full');
    const account = await accountNamed('temper');
    const ticketId = await openTicket(desk.admin, account.id);
    await verifyCaller(desk.admin, desk.mailbox, ticketId);
    const issued = await desk.admin.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
    expect((await slapd.read(dn, ['pwdReset'])).pwdReset).toBe('TRUE');
    const temporary = await accountNamed('temper');
    expect(temporary.mustChangePassword).toBe(true);
    expect(Math.abs(temporary.passwordExpiresAt!.getTime() - (Date.now() + TEMPORARY_PASSWORD_HOURS * 3_600_000))).toBeLessThan(60_000);

    for (const mode of ['incremental', 'full'] as const) {
      expect(await sync(mode)).toMatchObject({ mode, conflicts: 0 });
      expect(await accountNamed('temper')).toMatchObject({
        mustChangePassword: true,
        passwordExpiresAt: temporary.passwordExpiresAt,
        status: 'active',
      });
    }

    // Changed by the holder: no pwdReset any more, the directory's policy decides the expiry again.
    await slapd.changeOwnPassword(dn, issued.body.temporaryPassword as string, 'Chosen-by-temper-2026');
    await sync('incremental');
    const changed = await accountNamed('temper');
    expect(changed.mustChangePassword).toBe(false);
    expect(changed.passwordExpiresAt!.getTime() - changed.passwordChangedAt!.getTime()).toBe(120 * DAY_MS);
  });

  it("never gives a leaver's account to a new hire of the same username (a new entryUUID in the same run): a conflict, the old account kept disabled with its ticket", async () => {
    const oldDn = await person('rita');
    await sync('full');
    const leaver = await accountNamed('rita');
    const ticketId = await openTicket(desk.admin, leaver.id);
    await slapd.remove(oldDn);
    await slapd.addUser({ uid: 'rita', cn: 'Rita New', mail: 'rita.new@example.org', password: 'Newcomer-pass-2026' });
    const newId = String((await slapd.read(oldDn, ['entryUUID'])).entryUUID).toLowerCase();

    const summary = await sync('incremental');
    expect(summary).toMatchObject({ disabled: 1, adopted: 0, created: 0, conflicts: 1 });
    const reason = 'its username belonged to an account whose directory entry left; rename or remove the old account';
    expect(summary.namedConflicts).toEqual([{ dn: oldDn, username: 'rita', reason }]);
    expect(await accountNamed('rita')).toMatchObject({
      id: leaver.id,
      status: 'disabled',
      directoryId: leaver.directoryId,
      email: 'rita@example.org',
      displayName: 'Person rita',
    });
    const [{ n }] = await desk.stack.dataSource.query('SELECT COUNT(*) AS n FROM accounts WHERE directory_id = ?', [newId]);
    expect(Number(n)).toBe(0);
    const [ticket] = await desk.stack.dataSource.query('SELECT account_id AS accountId FROM tickets WHERE id = ?', [ticketId]);
    expect(Number(ticket.accountId)).toBe(leaver.id);
    const [event] = await desk.stack.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { action: 'directory.synced' }, order: { id: 'DESC' }, take: 1 });
    expect(JSON.stringify(event!.details.conflictEntries)).toContain(reason);
    // Later runs say the same until an admin renames or removes the old account.
    expect(await sync('full')).toMatchObject({ created: 0, adopted: 0, conflicts: 1 });
    expect((await accountNamed('rita')).status).toBe('disabled');

    // The admin renames the leaver's account: the new entry gets an account of its own.
    await desk.admin.put(`/api/accounts/${leaver.id}`).send({ username: 'rita.left' }).expect(200);
    expect(await sync('full')).toMatchObject({ created: 1, conflicts: 0 });
    expect(await accountNamed('rita')).toMatchObject({ directoryId: newId, status: 'active', email: 'rita.new@example.org' });
    expect(await accountNamed('rita.left')).toMatchObject({ id: leaver.id, status: 'disabled', directoryId: leaver.directoryId });
  });

  const credentials = openCredentials(desk);
  it('an account the sync disables as a leaver refuses its open reset link (410), forgot-password code, verified ticket and chat command', async () => {
    const dn = await person('sam');
    // Someone stays: a directory answering nobody at all stops the run instead.
    await person('sam-colleague');
    await sync('full');
    const open = await credentials.open((await accountNamed('sam')).id, 'sam@example.org', 'U-sam');
    await slapd.remove(dn);
    expect(await sync('incremental')).toMatchObject({ disabled: 1 });
    await credentials.refused(open);
  });
});

describe('directory sync (Active Directory, Samba AD DC)', () => {
  let samba: PrivateSamba;
  const env: Record<string, string> = {};
  const dns: Record<string, string> = {};
  const MAX_PWD_AGE_MS = 42 * DAY_MS;
  beforeAll(async () => {
    samba = await PrivateSamba.start();
    // Privileged through a group inside the configured one: only the in-chain matching rule sees carol.
    const admins = await samba.addGroup('helpdesk-admins');
    const tier2 = await samba.addGroup('tier2');
    await samba.asAdmin((client) =>
      client.modify(admins, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [tier2] }) })]),
    );
    dns.alice = await samba.addUser({
      sAMAccountName: 'alice',
      displayName: 'Alice Archer',
      mail: 'alice@resetdesk.test',
      password: 'Alice-Pass-2026!',
    });
    dns.bob = await samba.addUser({
      sAMAccountName: 'bob',
      displayName: 'Bob Baker',
      mail: 'bob@resetdesk.test',
      password: 'Bob-Pass-2026!',
      attributes: { userAccountControl: '514' },
    });
    dns.carol = await samba.addUser({
      sAMAccountName: 'carol',
      displayName: 'Carol Chen',
      mail: 'carol@resetdesk.test',
      password: 'Carol-Pass-2026!',
      groups: ['tier2'],
    });
    dns.dave = await samba.addUser({
      sAMAccountName: 'dave',
      displayName: 'Dave Dunn',
      mail: 'dave@resetdesk.test',
      password: 'Dave-Pass-2026!',
      attributes: { pwdLastSet: '0' },
    });
    // 66048 = NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD.
    dns.erin = await samba.addUser({
      sAMAccountName: 'erin',
      displayName: 'Erin Ellis',
      mail: 'erin@resetdesk.test',
      password: 'Erin-Pass-2026!',
      attributes: { userAccountControl: '66048' },
    });
    dns.frank = await samba.addUser({
      sAMAccountName: 'frank',
      displayName: 'Frank Fox',
      mail: 'frank@resetdesk.test',
      password: 'Frank-Pass-2026!',
    });
    Object.assign(env, samba.env({ DIRECTORY_PRIVILEGED_GROUP: admins }));
  }, 120_000);
  afterAll(async () => {
    await samba?.stop();
  });
  const desk = useDesk(env);
  const sync = (mode?: 'full' | 'incremental') => desk.stack.api.get(DirectorySyncService).run({ trigger: 'cli', mode });
  const accountNamed = (username: string) => desk.stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ username });
  it('reads objectGUID ids, userAccountControl disabled, nested-group privilege, msDS-UserPasswordExpiryTimeComputed expiry (0: must change, never: none)', async () => {
    const summary = await sync();
    expect(summary).toMatchObject({ mode: 'full', present: 6, seen: 6, created: 6, conflicts: 0 });

    const alice = await accountNamed('alice');
    expect(alice.directoryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // AD reads a <GUID=…> base in the canonical string form: finding alice by it proves the byte order.
    const found = await samba.asAdmin((client) =>
      client.search(`<GUID=${alice.directoryId}>`, { scope: 'base', attributes: ['sAMAccountName'] }),
    );
    expect(found.searchEntries.map((entry) => entry.sAMAccountName)).toEqual(['alice']);
    expect(alice).toMatchObject({
      email: 'alice@resetdesk.test',
      displayName: 'Alice Archer',
      status: 'active',
      privileged: false,
      mustChangePassword: false,
    });
    expect(alice.directoryDn!.toLowerCase()).toBe(dns.alice!.toLowerCase());
    const computed = await samba.read(dns.alice!, ['pwdLastSet', 'msDS-UserPasswordExpiryTimeComputed']);
    const fromFileTime = (value: string) => new Date(Number(BigInt(value) / 10_000n - 11_644_473_600_000n));
    expect(alice.passwordChangedAt).toEqual(fromFileTime(String(computed.pwdLastSet)));
    expect(alice.passwordExpiresAt).toEqual(fromFileTime(String(computed['msDS-UserPasswordExpiryTimeComputed'])));
    expect(alice.passwordExpiresAt!.getTime() - alice.passwordChangedAt!.getTime()).toBe(MAX_PWD_AGE_MS);

    expect((await accountNamed('bob')).status).toBe('disabled');
    expect((await accountNamed('carol')).privileged).toBe(true);
    expect(await accountNamed('dave')).toMatchObject({
      mustChangePassword: true,
      passwordExpiresAt: null,
      passwordChangedAt: null,
      status: 'active',
    });
    expect(String((await samba.read(dns.dave!, ['msDS-UserPasswordExpiryTimeComputed']))['msDS-UserPasswordExpiryTimeComputed'])).toBe('0');
    expect(await accountNamed('erin')).toMatchObject({ passwordExpiresAt: null, mustChangePassword: false });
    expect(String((await samba.read(dns.erin!, ['msDS-UserPasswordExpiryTimeComputed']))['msDS-UserPasswordExpiryTimeComputed'])).toBe(
      '9223372036854775807',
    );
    expect((await desk.stack.dataSource.getRepository(DirectorySyncRunEntity).findOneByOrFail({ id: summary.runId })).changeCursor).toMatch(
      /^\d+$/,
    );
  });

  it("links an account to its manager's account from AD's manager attribute, and unlinks it when the attribute goes", async () => {
    await sync();
    await samba.modify(dns.carol!, { manager: dns.alice! });
    try {
      expect(await sync()).toMatchObject({ mode: 'incremental', managerChanges: 1 });
      expect((await accountNamed('carol')).managerId).toBe((await accountNamed('alice')).id);
    } finally {
      await samba.modify(dns.carol!, { manager: null });
    }
    expect(await sync()).toMatchObject({ managerChanges: 1 });
    expect(await accountNamed('carol')).toMatchObject({ managerId: null, managerDn: null });
  });

  it('reads only entries whose uSNChanged passed the cursor on an incremental run: a changed mail, an account enabled, a lockout after five wrong passwords', async () => {
    await sync();
    await samba.modify(dns.alice!, { mail: 'alice.archer@resetdesk.test' });
    await samba.modify(dns.bob!, { userAccountControl: '512' });
    for (let attempt = 0; attempt < 5; attempt++) expect(await samba.bindError(dns.frank!, 'Wrong-Pass-0000!')).toContain('data 52e');
    expect(await samba.bindError(dns.frank!, 'Frank-Pass-2026!')).toContain('data 775');

    const summary = await sync();
    expect(summary).toMatchObject({ mode: 'incremental', present: 6, seen: 3, updated: 3, created: 0, conflicts: 0 });
    expect((await accountNamed('alice')).email).toBe('alice.archer@resetdesk.test');
    expect((await accountNamed('bob')).status).toBe('active');
    expect((await accountNamed('frank')).status).toBe('locked');
    expect((await accountNamed('carol')).status).toBe('active');
  });

  it('disables the account of a deleted user and follows a nested group change without the member changing', async () => {
    await sync();
    const gone = await samba.addUser({
      sAMAccountName: 'gina',
      displayName: 'Gina Gone',
      mail: 'gina@resetdesk.test',
      password: 'Gina-Pass-2026!',
    });
    await sync();
    const account = await accountNamed('gina');
    await samba.asAdmin((client) => client.del(gone));
    await samba.asAdmin((client) =>
      client.modify(`CN=tier2,${samba.groupsDn}`, [
        new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [dns.erin!] }) }),
      ]),
    );

    const summary = await sync();
    expect(summary).toMatchObject({ mode: 'incremental', present: 6, disabled: 1, privilegeChanges: 1 });
    expect(await accountNamed('gina')).toMatchObject({ id: account.id, status: 'disabled' });
    expect((await accountNamed('erin')).privileged).toBe(true);
  });

  it('keeps the 24-hour expiry of a temporary password ResetDesk set while AD still says pwdLastSet=0', async () => {
    const dn = await samba.addUser({
      sAMAccountName: 'tina',
      displayName: 'Tina Temp',
      mail: 'tina@resetdesk.test',
      password: 'Tina-Pass-2026!',
    });
    await sync();
    const account = await accountNamed('tina');
    const ticketId = await openTicket(desk.admin, account.id);
    await verifyCaller(desk.admin, desk.mailbox, ticketId);
    await desk.admin.post(`/api/tickets/${ticketId}/reset`).send({ method: 'temporary' }).expect(202);
    expect(String((await samba.read(dn, ['pwdLastSet'])).pwdLastSet)).toBe('0');
    const temporary = await accountNamed('tina');
    expect(temporary.mustChangePassword).toBe(true);
    expect(Math.abs(temporary.passwordExpiresAt!.getTime() - (Date.now() + TEMPORARY_PASSWORD_HOURS * 3_600_000))).toBeLessThan(60_000);

    for (const mode of ['incremental', 'full'] as const) {
      expect(await sync(mode)).toMatchObject({ mode, conflicts: 0 });
      expect(await accountNamed('tina')).toMatchObject({
        mustChangePassword: true,
        passwordExpiresAt: temporary.passwordExpiresAt,
        status: 'active',
      });
    }
  });

  it('a user deleted and created again (a new objectGUID, the same sAMAccountName) is a conflict: the old account stays disabled, nothing is created', async () => {
    const first = await samba.addUser({
      sAMAccountName: 'vera',
      displayName: 'Vera Vale',
      mail: 'vera@resetdesk.test',
      password: 'Vera-Pass-2026!',
    });
    await sync();
    const account = await accountNamed('vera');
    await samba.asAdmin((client) => client.del(first));
    const again = await samba.addUser({
      sAMAccountName: 'vera',
      displayName: 'Vera Again',
      mail: 'vera@resetdesk.test',
      password: 'Vera-Again-2026!',
    });

    const summary = await sync();
    expect(summary).toMatchObject({ disabled: 1, created: 0, adopted: 0, conflicts: 1 });
    // The DC may spell the DN's attribute names in its own case.
    expect(summary.namedConflicts.map((conflict) => ({ ...conflict, dn: conflict.dn.toLowerCase() }))).toEqual([
      {
        dn: again.toLowerCase(),
        username: 'vera',
        reason: 'its username belonged to an account whose directory entry left; rename or remove the old account',
      },
    ]);
    expect(await accountNamed('vera')).toMatchObject({
      id: account.id,
      status: 'disabled',
      directoryId: account.directoryId,
      displayName: 'Vera Vale',
    });
    const [{ n }] = await desk.stack.dataSource.query("SELECT COUNT(*) AS n FROM accounts WHERE email = 'vera@resetdesk.test'");
    expect(Number(n)).toBe(1);
  });

  const credentials = openCredentials(desk);
  it('an account the sync disables from userAccountControl refuses its open reset link (410), forgot-password code, verified ticket and chat command', async () => {
    const dn = await samba.addUser({
      sAMAccountName: 'uma',
      displayName: 'Uma Usher',
      mail: 'uma@resetdesk.test',
      password: 'Uma-Pass-2026!',
    });
    await sync();
    const open = await credentials.open((await accountNamed('uma')).id, 'uma@resetdesk.test', 'U-uma');
    const pwdLastSet = String((await samba.read(dn, ['pwdLastSet'])).pwdLastSet);
    // 514 = NORMAL_ACCOUNT | ACCOUNTDISABLE.
    await samba.modify(dn, { userAccountControl: '514' });
    expect(await sync()).toMatchObject({ mode: 'incremental', updated: 1 });
    await credentials.refused(open);
    expect(String((await samba.read(dn, ['pwdLastSet'])).pwdLastSet)).toBe(pwdLastSet);
  });

  // The sync disables with its own UPDATE (AccountsService's listeners do not run in the worker), so it revokes
  // the account's links and codes itself: once the directory enables the account again, nothing sent before works.
  it('an account the sync disabled and then enabled again has no live link or forgot-password code from before', async () => {
    const dn = await samba.addUser({
      sAMAccountName: 'wes',
      displayName: 'Wes West',
      mail: 'wes@resetdesk.test',
      password: 'Wes-Pass-2026!',
    });
    await sync();
    const open = await credentials.open((await accountNamed('wes')).id, 'wes@resetdesk.test', 'U-wes');
    await samba.modify(dn, { userAccountControl: '514' });
    await sync();
    await samba.modify(dn, { userAccountControl: '512' });
    await sync();
    expect((await accountNamed('wes')).status).toBe('active');
    await desk.stack.http.post('/api/self-service/reset').send({ token: open.token, newPassword: 'Harbor-lantern-57-quiet' }).expect(410);
    await desk.stack.http
      .post('/api/self-service/forgot-password/verify')
      .send({ email: open.email, code: open.code, newPassword: 'Copper-window-83-still' })
      .expect(422);
  });

  it('follows a fine-grained password policy into the 7-day reminder, and a password set directly in AD into the next incremental run', async () => {
    const dn = await samba.addUser({
      sAMAccountName: 'wanda',
      displayName: 'Wanda Week',
      mail: 'wanda@resetdesk.test',
      password: 'Wanda-Pass-2026!',
    });
    // A password settings object (PSO) of its own: 7 days and an hour, so the 7-day reminder is due now.
    const weekAge = 7 * DAY_MS + 3_600_000;
    const pso = `CN=week,CN=Password Settings Container,CN=System,${samba.domainDn}`;
    await samba.asAdmin((client) =>
      client.add(pso, {
        objectClass: 'msDS-PasswordSettings',
        'msDS-PasswordSettingsPrecedence': '1',
        'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
        'msDS-PasswordHistoryLength': '3',
        'msDS-PasswordComplexityEnabled': 'TRUE',
        'msDS-MinimumPasswordLength': '8',
        'msDS-MinimumPasswordAge': '0',
        // Intervals of 100 ns, negative as AD writes them.
        'msDS-MaximumPasswordAge': String(-BigInt(weekAge) * 10_000n),
        'msDS-LockoutThreshold': '0',
        'msDS-LockoutObservationWindow': '-18000000000',
        'msDS-LockoutDuration': '-18000000000',
        'msDS-PSOAppliesTo': dn,
      }),
    );
    try {
      await sync();
      const account = await accountNamed('wanda');
      expect(account.passwordExpiresAt!.getTime() - account.passwordChangedAt!.getTime()).toBe(weekAge);

      const wandas = () =>
        desk.stack.dataSource
          .getRepository(NotificationEntity)
          .find({ where: { kind: 'expiry-reminder', recipient: 'wanda@resetdesk.test' }, order: { id: 'ASC' } });
      await desk.stack.api.get(ReminderScanService).run({ trigger: 'cli' });
      expect((await wandas()).map((row) => row.milestone)).toEqual([7]);
      await waitFor(
        () =>
          desk.mailbox.messages.some(
            (message) => message.to.includes('wanda@resetdesk.test') && message.subject === EXPIRY_REMINDER_SUBJECTS.upcoming,
          ),
        { what: 'the 7-day reminder email', timeoutMs: 20_000 },
      );

      // An administrator sets the password in AD itself (Active Directory Users and Computers, a script): pwdLastSet moves.
      await sleep(1_100);
      await samba.asAdmin((client) =>
        client.modify(dn, [
          new Change({
            operation: 'replace',
            modification: new Attribute({ type: 'unicodePwd', values: [Buffer.from('"Wanda-Set-In-AD-77!"', 'utf16le')] }),
          }),
        ]),
      );
      expect(await sync()).toMatchObject({ mode: 'incremental', updated: 1 });
      const changed = await accountNamed('wanda');
      expect(changed.passwordChangedAt!.getTime()).toBeGreaterThan(account.passwordChangedAt!.getTime());
      expect(changed.passwordExpiresAt!.getTime() - changed.passwordChangedAt!.getTime()).toBe(weekAge);
      // A new password version: its reminders start over (the policy's 7 days make its own 7-day reminder due at once).
      await desk.stack.api.get(ReminderScanService).run({ trigger: 'cli' });
      const reminders = await wandas();
      expect(reminders.map((row) => row.milestone)).toEqual([7, 7]);
      expect(reminders[1]!.dedupeKey).not.toBe(reminders[0]!.dedupeKey);
    } finally {
      await samba.asAdmin((client) => client.del(pso));
    }
  }, 60_000);

  it('syncs 1,500 more users over several pages (AD answers at most 1,000 a page), then only the changed ones, disabling the deleted', async () => {
    const before = await sync('full');
    const cn = (i: number) => `CN=Bulk User ${i},${samba.baseDn}`;
    // 50 adds in flight at a time: Samba serves them one after another, and each must answer within the client's 10 s
    // (250 at once did not, on a slow machine in a full run).
    const batch = 50;
    await samba.asAdmin(async (client) => {
      for (let start = 0; start < 1_500; start += batch)
        await Promise.all(
          Array.from({ length: batch }, (_, offset) =>
            client.add(cn(start + offset), {
              objectClass: ['top', 'person', 'organizationalPerson', 'user'],
              sAMAccountName: `bulk${start + offset}`,
              displayName: `Bulk User ${start + offset}`,
              mail: `bulk${start + offset}@resetdesk.test`,
              // 544 = NORMAL_ACCOUNT | PASSWD_NOTREQD: enabled without a password, which the sync never reads anyway.
              userAccountControl: '544',
            }),
          ),
        );
    });
    const full = await sync('full');
    expect(full).toMatchObject({ mode: 'full', present: before.present + 1_500, created: 1_500, conflicts: 0 });
    const [{ n }] = await desk.stack.dataSource.query(
      "SELECT COUNT(*) AS n FROM accounts WHERE username LIKE 'bulk%' AND status = 'active'",
    );
    expect(Number(n)).toBe(1_500);

    await samba.asAdmin(async (client) => {
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          client.modify(cn(i * 60), [
            new Change({ operation: 'replace', modification: new Attribute({ type: 'mail', values: [`moved${i}@resetdesk.test`] }) }),
          ]),
        ),
      );
      await Promise.all([1, 2, 3, 4, 5].map((i) => client.del(cn(i * 60 + 1))));
    });
    const incremental = await sync();
    expect(incremental).toMatchObject({ mode: 'incremental', present: full.present - 5, seen: 25, updated: 25, disabled: 5, created: 0 });
    expect((await accountNamed('bulk60')).email).toBe('moved1@resetdesk.test');
    expect((await accountNamed('bulk61')).status).toBe('disabled');
  }, 120_000);
});

describe('directory sync with the local store', () => {
  const desk = useDesk({ DIRECTORY_KIND: 'local' });

  it('answers 409 to a sync request: there is no directory', async () => {
    const response = await desk.admin.post('/api/directory/sync').send({}).expect(409);
    expect(response.body).toMatchObject({ code: 'DIRECTORY_SYNC_NOT_CONFIGURED' });
    await expect(desk.stack.api.get(DirectorySyncService).run({ trigger: 'cli' })).rejects.toMatchObject({
      code: 'DIRECTORY_SYNC_NOT_CONFIGURED',
    });
    // No directory, no schedule.
    expect(
      await desk.stack.worker!.get<Queue>(getQueueToken(QueueName.Directory)).getJobScheduler(DIRECTORY_SYNC_SCHEDULER_ID),
    ).toBeUndefined();
  });
});
