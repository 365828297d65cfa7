import { scheduledRunBefore, syncProblem } from './sync-freshness';

describe(syncProblem.name, () => {
  const now = new Date('2026-12-01T12:25:00Z');
  const hourly = '0 * * * *';
  const succeeded = { status: 'succeeded' as const, error: null };

  it('is quiet while the last success is within three scheduled runs', () => {
    expect(syncProblem({ latest: succeeded, lastSucceededAt: new Date('2026-12-01T12:00:04Z'), schedule: hourly, now })).toBeNull();
    // The 10:00 run finished after its tick: 11:00 and 12:00 were missed, 13:00 would be the third.
    expect(syncProblem({ latest: succeeded, lastSucceededAt: new Date('2026-12-01T10:00:04Z'), schedule: hourly, now })).toBeNull();
  });

  it('speaks up once three scheduled runs passed without a success', () => {
    expect(syncProblem({ latest: succeeded, lastSucceededAt: new Date('2026-12-01T09:00:04Z'), schedule: hourly, now })).toBe(
      'No directory sync has succeeded since 2026-12-01T09:00:04.000Z: 3 or more scheduled runs ("0 * * * *") have passed',
    );
  });

  it('names the failure when the latest run failed, however recent the last success', () => {
    expect(
      syncProblem({
        latest: { status: 'failed', error: 'The directory at ldaps://127.0.0.1:636 did not answer' },
        lastSucceededAt: new Date('2026-12-01T12:00:04Z'),
        schedule: hourly,
        now,
      }),
    ).toBe('The last directory sync failed: The directory at ldaps://127.0.0.1:636 did not answer');
  });

  it('asks for a first sync when none ever succeeded, unless the first one is running', () => {
    expect(syncProblem({ latest: null, lastSucceededAt: null, schedule: hourly, now })).toMatch(
      /^No directory sync has succeeded yet: run "npm run cli -- directory:sync"/,
    );
    expect(syncProblem({ latest: { status: 'running', error: null }, lastSucceededAt: null, schedule: hourly, now })).toBeNull();
  });

  it('does not flag a weekday schedule over the weekend', () => {
    const monday = new Date('2026-12-07T09:30:00Z');
    // Friday's 06:00 run succeeded; the weekend has no runs, Monday's 06:00 one has not finished.
    expect(
      syncProblem({
        latest: { status: 'running', error: null },
        lastSucceededAt: new Date('2026-12-04T06:00:09Z'),
        schedule: '0 6 * * 1-5',
        now: monday,
      }),
    ).toBeNull();
  });

  it('skips the age check, but not a failure, when the schedule cannot be read', () => {
    expect(
      syncProblem({ latest: succeeded, lastSucceededAt: new Date('2020-01-01T00:00:00Z'), schedule: 'every hour please', now }),
    ).toBeNull();
    expect(
      syncProblem({
        latest: { status: 'failed', error: null },
        lastSucceededAt: new Date('2020-01-01T00:00:00Z'),
        schedule: 'every hour please',
        now,
      }),
    ).toBe('The last directory sync failed');
    expect(scheduledRunBefore('every hour please', now, 3)).toBeNull();
  });
});
