import { AccountEntity } from '@resetdesk/accounts';
import { AuditAction } from '@resetdesk/audit';
import { AccountFactory } from 'test/factories';
import { newTestService, TestService } from 'test/unit/new-test-service';
import { ReminderRunEntity } from './reminder-run.entity';
import { ReminderScanService } from './reminder-scan.service';

// TEST_NOW is 2026-03-03 09:00 UTC; the default policy reminds 14, 7, 3, 1 and 0 days before expiry.
const TODAY = '2026-03-03';

describe(ReminderScanService.name, () => {
  let sut: ReminderScanService;
  let ctx: TestService<ReminderScanService>;

  beforeEach(async () => {
    ctx = await newTestService(ReminderScanService, { config: { reminders: { timeZone: 'UTC', batchSize: 2 } } });
    sut = ctx.sut;
  });

  const expiringIn = (...days: number[]) =>
    days.map((day) => ctx.db.seed(AccountEntity, AccountFactory.from().expiringIn(day).build())[0]!);
  const lastScanOn = (runDate: string) =>
    ctx.db.seed('ReminderRunEntity', {
      id: 1,
      runDate,
      timeZone: 'UTC',
      triggeredBy: 'schedule',
      status: 'completed',
    } as ReminderRunEntity);
  const remindersFor = (account: AccountEntity) =>
    ctx.outbox.mails.filter((mail) => mail.accountId === account.id).map((mail) => mail.milestone);

  it('queues one reminder for each account on a milestone day and none on the days between', async () => {
    lastScanOn('2026-03-02');
    const [in14, in7, in5, in3, in1] = expiringIn(14, 7, 5, 3, 1);

    const summary = await sut.run({ trigger: 'schedule' });

    expect([in14, in7, in5, in3, in1].map((account) => remindersFor(account!))).toEqual([[14], [7], [], [3], [1]]);
    expect(summary).toMatchObject({ date: TODAY, catchUpDays: 1, queued: 4, duplicates: 0 });
    expect(ctx.outbox.mails.find((mail) => mail.accountId === in14!.id)).toMatchObject({
      kind: 'expiry-reminder',
      to: in14!.email,
      dedupeKey: `reminder:${in14!.id}:v1:14`,
    });
  });

  it('sends each reminder once however often the scan runs', async () => {
    lastScanOn('2026-03-02');
    expiringIn(7, 3, 1);
    await sut.run({ trigger: 'schedule' });

    const again = await sut.run({ trigger: 'cli' });

    expect(again).toMatchObject({ queued: 0, duplicates: 3 });
    expect(ctx.outbox.mails).toHaveLength(3);
  });

  it('after missed days sends only the most urgent milestone passed since the last scan', async () => {
    lastScanOn('2026-02-27');
    const [in1, in2, in6, in11, in10] = expiringIn(1, 2, 6, 11, 10);

    const summary = await sut.run({ trigger: 'catch-up' });

    expect(summary.catchUpDays).toBe(4);
    // Since the scan four days ago: at 1 day left both the 3- and 1-day milestones passed (only 1 goes), at 2 the 3-day one,
    // at 11 the 14-day one; at 10 days left that scan sent the 14-day one itself.
    expect([in1, in2, in6, in11, in10].map((account) => remindersFor(account!))).toEqual([[1], [3], [7], [14], []]);
  });

  it('starts a new cycle for a new password (a new password version)', async () => {
    lastScanOn('2026-03-02');
    const [account] = expiringIn(7);
    await sut.run({ trigger: 'schedule' });

    Object.assign(ctx.db.rows(AccountEntity)[0]!, { passwordVersion: 2 });
    await sut.run({ trigger: 'cli' });

    expect(ctx.outbox.mails.map((mail) => mail.dedupeKey)).toEqual([`reminder:${account!.id}:v1:7`, `reminder:${account!.id}:v2:7`]);
  });

  it('reminds nobody on a temporary password or with a disabled account', async () => {
    lastScanOn('2026-03-02');
    ctx.db.seed(
      AccountEntity,
      AccountFactory.from({ mustChangePassword: true }).expiringIn(7).build(),
      AccountFactory.from({ status: 'disabled' }).expiringIn(7).build(),
    );

    await expect(sut.run({ trigger: 'schedule' })).resolves.toMatchObject({ scanned: 0, queued: 0 });
  });

  it('expires the passwords whose day has passed, page by page, and records each', async () => {
    const past = expiringIn(-1, -2, -3);

    const summary = await sut.run({ trigger: 'schedule' });

    expect(summary.expired).toBe(3);
    expect(ctx.db.rows(AccountEntity).map((account) => account.status)).toEqual(['expired', 'expired', 'expired']);
    expect(ctx.audit.events.filter((event) => event.action === AuditAction.AccountPasswordExpired).map((event) => event.accountId)).toEqual(
      past.map((account) => account.id).reverse(),
    );
  });
});
