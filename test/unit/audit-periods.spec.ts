import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { periodOf, periodRange } from '../../apps/admin/src/audit/auditPeriods';

// The presets work in the browser's local time; this suite runs with TZ=UTC or any zone, so compare local dates.
const local = (iso: string) => {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()} ${date.getHours()}:${date.getMinutes()}`;
};

describe('audit log period presets', () => {
  const wednesday = new Date(2026, 11, 2, 15, 30); // Wed 2 Dec 2026, 15:30 local

  it('give whole local days, the end exclusive', () => {
    expect([periodRange('today', wednesday)].map(({ from, to }) => [local(from), local(to)])).toEqual([['2026-12-2 0:0', '2026-12-3 0:0']]);
    const yesterday = periodRange('yesterday', wednesday);
    expect([local(yesterday.from), local(yesterday.to)]).toEqual(['2026-12-1 0:0', '2026-12-2 0:0']);
    const week = periodRange('last-7-days', wednesday);
    expect([local(week.from), local(week.to)]).toEqual(['2026-11-26 0:0', '2026-12-3 0:0']);
  });

  it('take last week as Monday to Sunday before this one, also on a Sunday and a Monday', () => {
    const sunday = new Date(2026, 11, 6, 23, 59);
    const monday = new Date(2026, 11, 7, 0, 1);
    for (const now of [wednesday, sunday]) {
      const { from, to } = periodRange('last-week', now);
      expect([local(from), local(to)]).toEqual(['2026-11-23 0:0', '2026-11-30 0:0']);
    }
    const afterMonday = periodRange('last-week', monday);
    expect([local(afterMonday.from), local(afterMonday.to)]).toEqual(['2026-11-30 0:0', '2026-12-7 0:0']);
  });

  it('recognise a preset from its range, and nothing else', () => {
    const { from, to } = periodRange('last-30-days', wednesday);
    expect(periodOf(from, to, wednesday)).toBe('last-30-days');
    expect(periodOf(from, '2026-12-01T00:00:00.000Z', wednesday)).toBe('');
    expect(periodOf(undefined, undefined, wednesday)).toBe('');
  });
});

describe('audit log period presets across a DST change', () => {
  // A jest worker's time zone is fixed when it starts: the presets run in a Node of their own, in Berlin.
  const inBerlin = (expression: string): unknown =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          '-e',
          `const { periodRange } = require('./apps/admin/src/audit/auditPeriods'); console.log(JSON.stringify(${expression}))`,
        ],
        { cwd: join(__dirname, '..', '..'), env: { ...process.env, TZ: 'Europe/Berlin' }, encoding: 'utf8' },
      ),
    );

  it('keep whole local days on the 23- and 25-hour days', () => {
    // 29 Mar 2026: clocks go forward, the day has 23 hours; 25 Oct 2026 has 25.
    expect(inBerlin("[periodRange('today', new Date(2026, 2, 29, 12)), periodRange('yesterday', new Date(2026, 9, 26, 9))]")).toEqual([
      { from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' },
      { from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' },
    ]);
  });
});
