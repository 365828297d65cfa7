import { AccountEntity, AccountsRepository } from '@resetdesk/accounts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AuditEventEntity } from '@resetdesk/audit';
import { Clock } from '@resetdesk/core';
import { EXPIRY_REMINDER_SUBJECTS, NotificationEntity } from '@resetdesk/mail';
import { ReminderRunEntity, ReminderScanService } from '@resetdesk/reminders';
import { DAY_MS, insertAccountsDueReminders, insertAccountsExpiring, realToday } from '../support/bulk-accounts';
import { useDesk } from '../support/desk';
import { runEntrypoint } from '../support/run-entrypoint';
import { TestMailbox } from '../support/smtp-sink';
import { TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** "Today" of most tests: a Thursday; expiries fall at noon UTC, days are counted in UTC (REMINDER_TZ default). */
const TODAY = new Date('2026-12-10T09:00:00.000Z');
const NOON = 3 * 3_600_000;
const PASSWORD = 'Original-pass-2026!';
const REMINDER_SUBJECTS: string[] = Object.values(EXPIRY_REMINDER_SUBJECTS);

describe('password-expiry reminders', () => {
  const desk = useDesk();
  let stack: TestStack;
  let mailbox: TestMailbox;

  beforeEach(() => {
    ({ stack, mailbox } = desk);
  });

  const daysAfter = (days: number) => new Date(TODAY.getTime() + days * DAY_MS);
  /** Runs `work` with the API's clock at `instant` (staff sessions stay on real time). */
  async function at<T>(instant: Date, work: () => Promise<T>): Promise<T> {
    const spy = jest.spyOn(stack.api.get(Clock), 'now').mockReturnValue(instant);
    try {
      return await work();
    } finally {
      spy.mockRestore();
    }
  }
  /** The morning scan of TODAY plus `day` days. */
  const scan = (day = 0) => at(daysAfter(day), () => stack.api.get(ReminderScanService).run({ trigger: 'cli' }));

  /** An account whose password (version 1) expires `daysLeft` days after TODAY, at noon. */
  async function holder(username: string, daysLeft: number, extra: Record<string, unknown> = {}, today = TODAY): Promise<number> {
    const id = (
      await desk.admin
        .post('/api/accounts')
        .send({ username, email: `${username}@example.com`, displayName: `Holder ${username}`, ...extra })
        .expect(201)
    ).body.id as number;
    const expiresAt = new Date(today.getTime() + daysLeft * DAY_MS + NOON);
    await stack.dataSource.query(
      'UPDATE accounts SET password_changed_at = ?, password_expires_at = ?, password_version = 1 WHERE id = ?',
      [new Date(expiresAt.getTime() - 180 * DAY_MS), expiresAt, id],
    );
    return id;
  }

  const reminderRows = () =>
    stack.dataSource.getRepository(NotificationEntity).find({ where: { kind: 'expiry-reminder' }, order: { id: 'ASC' } });
  /** Waits until every reminder row is sent, then returns the delivered reminder emails. */
  async function deliveredReminders(expected: number) {
    await waitFor(async () => (await reminderRows()).filter((row) => row.status === 'sent').length === expected, {
      what: `${expected} sent reminders`,
      timeoutMs: 30_000,
    });
    await waitFor(() => mailbox.messages.filter((message) => REMINDER_SUBJECTS.includes(message.subject)).length >= expected, {
      what: `${expected} reminder emails`,
    });
    return mailbox.messages.filter((message) => REMINDER_SUBJECTS.includes(message.subject));
  }
  const changePassword = () =>
    stack.http.post('/api/self-service/change-password').send({
      username: 'dreyes',
      currentPassword: PASSWORD,
      newPassword: 'Harbor-lantern-57-quiet',
      confirmPassword: 'Harbor-lantern-57-quiet',
    });
  const account = (id: number) => stack.dataSource.getRepository(AccountEntity).findOneByOrFail({ id });

  it('reminds the accounts at 7, 3 and 0 days with the milestone due, nobody at 8, 2 or −1, and expires the passwords whose day has come', async () => {
    const ids: Record<string, number> = {};
    for (const [name, daysLeft] of [
      ['d7', 7],
      ['d3', 3],
      ['d0', 0],
      ['d8', 8],
      ['d2', 2],
      ['dm1', -1],
    ] as const)
      ids[name] = await holder(name, daysLeft);

    const summary = await scan();
    expect(summary).toMatchObject({ date: '2026-12-10', timeZone: 'UTC', catchUpDays: 1, queued: 3, duplicates: 0, expired: 2 });

    const rows = await reminderRows();
    expect(rows.map((row) => [row.recipient, row.milestone, row.dedupeKey])).toEqual([
      ['d0@example.com', 0, `reminder:${ids.d0}:v1:0`],
      ['d3@example.com', 3, `reminder:${ids.d3}:v1:3`],
      ['d7@example.com', 7, `reminder:${ids.d7}:v1:7`],
    ]);
    const mails = await deliveredReminders(3);
    expect(mails.map((mail) => mail.to[0]).sort()).toEqual(['d0@example.com', 'd3@example.com', 'd7@example.com']);

    const week = mails.find((mail) => mail.to[0] === 'd7@example.com')!;
    expect(week.subject).toBe('Your password will expire soon');
    expect(week.text).toContain('The password of your account d7 expires in 7 days, on 17 December 2026 (UTC).');
    expect(week.text).toContain('Last changed: 20 June 2026 (UTC)');
    // The portal address is printed as text to type, never as a link (SPEC §7.6).
    expect(week.text).toContain('    http://resetdesk.test/change-password');
    expect(week.html).toContain('http://resetdesk.test/change-password');
    expect(week.html).not.toMatch(/<a\s/i);

    const today = mails.find((mail) => mail.to[0] === 'd0@example.com')!;
    expect(today.subject).toBe('Your password has expired');
    expect(today.text).toContain('The password of your account d0 has expired (10 December 2026 (UTC)).');
    expect(today.text).toContain('it accepts your expired password');

    // Expiry day (and the day missed before it): expired, one audited event each; the rest untouched.
    expect((await account(ids.d0!)).status).toBe('expired');
    expect((await account(ids.dm1!)).status).toBe('expired');
    expect((await account(ids.d2!)).status).toBe('active');
    const events = await stack.dataSource.getRepository(AuditEventEntity).find({ order: { id: 'ASC' } });
    const expiredEvents = events.filter((event) => event.action === 'account.password_expired');
    expect(expiredEvents.map((event) => event.accountId).sort()).toEqual([ids.d0, ids.dm1].sort());
    // One event for the scan with its counts, none per email.
    const scans = events.filter((event) => event.action === 'reminders.scan_completed');
    expect(scans).toHaveLength(1);
    expect(scans[0]!.details).toMatchObject({
      date: '2026-12-10',
      scanned: 3,
      queued: 3,
      duplicates: 0,
      expired: 2,
      catchUpDays: 1,
      trigger: 'cli',
    });
    expect(events.filter((event) => event.action.startsWith('reminders.'))).toHaveLength(1);
  });

  it('sends nothing twice when the scan runs again, or twice at the same moment', async () => {
    for (let index = 0; index < 30; index++) await holder(`h${index}`, [7, 3, 0][index % 3]!);
    const first = await scan();
    const again = await scan();
    expect([first.queued, first.duplicates]).toEqual([30, 0]);
    expect([again.queued, again.duplicates, again.expired]).toEqual([0, 30, 0]);

    await deliveredReminders(30);

    // Two scans at once, on separate connections: the unique dedupe key lets one write each reminder.
    await stack.dataSource.query('DELETE FROM reminder_runs');
    await stack.dataSource.query("DELETE FROM notifications WHERE kind = 'expiry-reminder'");
    const both = await Promise.all([scan(), scan()]);
    expect(both[0]!.queued + both[1]!.queued).toBe(30);
    expect(both[0]!.duplicates + both[1]!.duplicates).toBe(30);
    expect(new Set((await reminderRows()).map((row) => row.dedupeKey)).size).toBe(30);
    // Delivered before the test ends: a reminder still in flight would land in the next test's mailbox.
    await deliveredReminders(30);
  });

  it('two worker processes scanning the same day at once deliver each reminder exactly once', async () => {
    // Real days here: the processes run on the real clock.
    await insertAccountsDueReminders((sql, params) => stack.dataSource.query(sql, params), 300);
    const env = { SMTP_URL: mailbox.url, REMINDER_BATCH_SIZE: '50' };
    const date = realToday().toISOString().slice(0, 10);
    const [one, two] = await Promise.all([
      runEntrypoint('cli', ['reminders:run', '--date', date], env, 60_000),
      runEntrypoint('cli', ['reminders:run', '--date', date], env, 60_000),
    ]);
    expect([one.code, two.code, one.stderr, two.stderr]).toEqual([0, 0, '', '']);
    const queued = [one, two].map((run) => Number(/(\d+) reminders queued/.exec(run.stdout)![1]));
    expect(queued[0]! + queued[1]!).toBe(300);

    await deliveredReminders(300);
    // This test's reminders by their Message-ID (recorded on each row): a job an earlier test left in flight may
    // still deliver its own mail into this mailbox, and is not one of these.
    const ours = new Set((await reminderRows()).map((row) => row.messageId));
    expect(ours.size).toBe(300);
    const mails = mailbox.messages.filter((message) => REMINDER_SUBJECTS.includes(message.subject) && ours.has(message.messageId));
    expect(mails).toHaveLength(300);
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(300);
    expect(new Set(mails.map((mail) => mail.to[0])).size).toBe(300);
    const runs = await stack.dataSource.getRepository(ReminderRunEntity).find();
    expect(runs.map((run) => [run.status, run.triggeredBy, run.runDate])).toEqual([
      ['completed', 'cli', date],
      ['completed', 'cli', date],
    ]);
  }, 120_000);

  it('after missed days sends one reminder — the most urgent — not one per missed milestone', async () => {
    const soon = await holder('soon', 8);
    const later = await holder('later', 4);
    expect(await scan()).toMatchObject({ queued: 0, catchUpDays: 1 });

    // Seven days without a scan: "soon" passed its 7 and 3 and reaches 0; "later" passed 3 and 0.
    const summary = await scan(8);
    expect(summary).toMatchObject({ date: '2026-12-18', catchUpDays: 8, queued: 2, expired: 2 });
    expect((await reminderRows()).map((row) => [row.accountId, row.milestone])).toEqual([
      [later, 0],
      [soon, 0],
    ]);
    expect(await deliveredReminders(2)).toHaveLength(2);
  });

  it('stops the old password’s reminders once it is changed, and starts the new one’s cycle fresh', async () => {
    const id = await holder('dreyes', 7, { password: PASSWORD });
    await scan();
    await deliveredReminders(1);

    await at(daysAfter(1), () => changePassword().expect(204));
    const changed = await account(id);
    expect(changed.passwordVersion).toBe(2);

    // The old password's 3-day and 0-day mornings: nothing.
    for (const day of [4, 7]) expect(await scan(day)).toMatchObject({ queued: 0 });
    // The new password's 7-day morning: its own first reminder.
    expect(await scan(1 + 180 - 7)).toMatchObject({ queued: 1 });
    expect((await reminderRows()).map((row) => row.dedupeKey)).toEqual([`reminder:${id}:v1:7`, `reminder:${id}:v2:7`]);
    expect(await deliveredReminders(2)).toHaveLength(2);
  });

  it('on the expiry day the account is expired (audited), and change-password accepts the expired password', async () => {
    const id = await holder('dreyes', 0, { password: PASSWORD });
    expect(await scan()).toMatchObject({ expired: 1, queued: 1 });
    expect((await account(id)).status).toBe('expired');
    const [event] = await stack.dataSource.getRepository(AuditEventEntity).findBy({ action: 'account.password_expired' });
    expect(event).toMatchObject({ actorType: 'system', targetType: 'account', targetId: String(id), accountId: id });
    expect(event!.details).toMatchObject({ username: 'dreyes', passwordVersion: 1 });

    await at(TODAY, () => changePassword().expect(204));
    expect((await account(id)).status).toBe('active');
    // A second scan the same day neither re-expires the new password nor reminds again.
    expect(await scan()).toMatchObject({ expired: 0, queued: 0 });
  });

  it('leaves temporary passwords and disabled accounts alone', async () => {
    const temporary = await holder('temp', 0);
    const disabled = await holder('gone', 3);
    await stack.dataSource.query('UPDATE accounts SET must_change_password = 1 WHERE id = ?', [temporary]);
    await stack.dataSource.query("UPDATE accounts SET status = 'disabled' WHERE id = ?", [disabled]);
    expect(await scan()).toMatchObject({ scanned: 0, queued: 0, expired: 0 });
    expect((await account(temporary)).status).toBe('active');
  });

  it('honours each policy’s own reminder days', async () => {
    const policy = (
      await desk.admin
        .post('/api/password-policies')
        .send({
          name: 'Contractors',
          minLength: 12,
          maxLength: 128,
          minClasses: 3,
          requiredClasses: [],
          maxAgeDays: 90,
          historyCount: 0,
          reminderDays: [14, 7, 1],
          blocklist: true,
          minStrength: 0,
          forbidPersonalInfo: true,
        })
        .expect(201)
    ).body.id as number;
    for (const daysLeft of [14, 7, 3, 1, 0]) await holder(`c${daysLeft}`, daysLeft, { policyId: policy });
    await holder('member3', 3);

    expect(await scan()).toMatchObject({ queued: 4 });
    expect((await reminderRows()).map((row) => [row.recipient, row.milestone])).toEqual([
      ['c1@example.com', 1],
      ['member3@example.com', 3],
      ['c7@example.com', 7],
      ['c14@example.com', 14],
    ]);
  });

  it('refuses an impossible or future date, and the CLI says why in one line', async () => {
    await expect(at(TODAY, () => stack.api.get(ReminderScanService).run({ trigger: 'cli', date: '2026-12-11' }))).rejects.toThrow(
      'Cannot scan for 2026-12-11: it is still 2026-12-10 in UTC',
    );
    const bad = await runEntrypoint('cli', ['reminders:run', '--date', '2026-02-30'], {});
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('reminders:run failed: The date must be a real day as YYYY-MM-DD (got "2026-02-30")');
    expect(await stack.dataSource.getRepository(ReminderRunEntity).count()).toBe(0);
  });

  it('scans 20,000 due accounts in bounded memory', async () => {
    await insertAccountsExpiring(
      (sql, params) => stack.dataSource.query(sql, params),
      20_000,
      (index) => new Date(daysAfter([7, 3][index % 2]!).getTime() + NOON),
    );
    // What the scan keeps alive, measured after a full collection at the start of every page: it must not grow
    // with the pages read (a scan that gathered its reminders would grow by megabytes per page).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const retained: number[] = [];
    const accounts = stack.api.get(AccountsRepository);
    const readPage = accounts.findExpiringPage;
    // A plain wrapper, not a jest spy: a spy would keep every page it returned.
    accounts.findExpiringPage = (...args) => {
      gc();
      retained.push(process.memoryUsage().heapUsed);
      return readPage.apply(accounts, args);
    };
    // Nobody needs 20,000 emails here: the queue holds them while we measure, then they are dropped.
    await stack.mailQueue.pause();
    try {
      gc();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      const summary = await scan().finally(() => clearInterval(sampler));
      expect(summary).toMatchObject({ scanned: 20_000, queued: 20_000 });
      expect(retained.length).toBeGreaterThanOrEqual(20);
      expect(Math.max(...retained) - retained[0]!).toBeLessThan(8 * 1024 * 1024);
      // RSS also counts garbage not yet collected, so its bound is loose.
      expect(peak - before).toBeLessThan(200 * 1024 * 1024);
      // One send job per reminder; the outbox sweep may come due meanwhile on a busy machine, and is not one of them.
      const waiting = await stack.mailQueue.getRanges(['wait'], 0, -1);
      expect(waiting.filter((jobId) => jobId.startsWith('notification-'))).toHaveLength(20_000);
    } finally {
      accounts.findExpiringPage = readPage;
      await stack.mailQueue.obliterate({ force: true });
      await stack.mailQueue.resume();
    }
  }, 120_000);

  describe('supervisor views', () => {
    it('lists upcoming expiries with each reminder’s state, and filters the delivery log by milestone and account', async () => {
      // The API answers on the real clock here (staff sessions), so these days count from the real today.
      const today = new Date(`${new Date().toISOString().slice(0, 10)}T09:00:00.000Z`);
      const d7 = await holder('d7', 7, {}, today);
      const d3 = await holder('d3', 3, {}, today);
      await holder('far', 30, {}, today);
      const scanOn = (day: number) =>
        at(new Date(today.getTime() + day * DAY_MS), () => stack.api.get(ReminderScanService).run({ trigger: 'cli' }));
      await scanOn(-4); // d7 was at 11 days, d3 at 7: d3 gets its 7-day reminder.
      await scanOn(0);
      await deliveredReminders(3);

      const list = await desk.admin.get('/api/upcoming-expiries').expect(200);
      expect(list.headers['content-range']).toBe('upcoming-expiries 0-1/2');
      expect(
        list.body.map((row: { username: string; daysLeft: number; reminders: Array<{ milestone: number; state: string }> }) => [
          row.username,
          row.daysLeft,
          row.reminders.map((r) => `${r.milestone}:${r.state}`),
        ]),
      ).toEqual([
        ['d3', 3, ['7:sent', '3:sent', '0:due']],
        ['d7', 7, ['7:sent', '3:due', '0:due']],
      ]);
      expect(
        (await desk.admin.get(`/api/upcoming-expiries?filter=${encodeURIComponent('{"withinDays":30}')}`).expect(200)).body,
      ).toHaveLength(3);
      expect(
        (await desk.admin.get(`/api/upcoming-expiries?filter=${encodeURIComponent('{"withinDays":91}')}`).expect(400)).body.message,
      ).toBe('filter withinDays must be a whole number of days between 0 and 90');

      const byMilestone = await desk.admin
        .get(`/api/notifications?filter=${encodeURIComponent(JSON.stringify({ kind: 'expiry-reminder', milestone: 7 }))}`)
        .expect(200);
      expect(byMilestone.body.map((row: { accountId: number; milestone: number }) => [row.accountId, row.milestone]).sort()).toEqual(
        [
          [d3, 7],
          [d7, 7],
        ].sort(),
      );
      const byAccount = await desk.admin
        .get(`/api/notifications?filter=${encodeURIComponent(JSON.stringify({ accountId: d3 }))}`)
        .expect(200);
      expect(byAccount.body.map((row: { milestone: number }) => row.milestone)).toEqual([3, 7]);
      expect(
        (await desk.admin.get(`/api/notifications?filter=${encodeURIComponent('{"milestone":"soon"}')}`).expect(400)).body.message,
      ).toBe('filter milestone must be a whole number of days between 0 and 365');

      const runs = await desk.admin.get('/api/reminder-runs').expect(200);
      expect(runs.body.map((run: { runDate: string; queued: number; status: string }) => [run.runDate, run.queued, run.status])).toEqual([
        [today.toISOString().slice(0, 10), 2, 'completed'],
        [new Date(today.getTime() - 4 * DAY_MS).toISOString().slice(0, 10), 1, 'completed'],
      ]);
    });
  });
});
