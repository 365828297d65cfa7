import { offsetSegments, StatsRange } from './stats-range';

describe('StatsRange', () => {
  it('covers whole local days: from midnight of `from` to midnight after `to`, in the zone', () => {
    const range = new StatsRange('2026-10-24', '2026-10-26', 'day', 'Europe/Berlin');
    expect(range.start.toISOString()).toBe('2026-10-23T22:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-10-26T23:00:00.000Z'); // 25 Oct has 25 hours
    expect(range.buckets).toEqual([
      { start: '2026-10-24', end: '2026-10-24' },
      { start: '2026-10-25', end: '2026-10-25' },
      { start: '2026-10-26', end: '2026-10-26' },
    ]);
  });

  it('folds days into Monday-first weeks clipped to the range, and maps each day to its bucket', () => {
    const range = new StatsRange('2026-12-30', '2027-01-12', 'week', 'UTC');
    expect(range.buckets).toEqual([
      { start: '2026-12-30', end: '2027-01-03' },
      { start: '2027-01-04', end: '2027-01-10' },
      { start: '2027-01-11', end: '2027-01-12' },
    ]);
    expect(['2026-12-30', '2027-01-03', '2027-01-04', '2027-01-12', '2027-01-13'].map((day) => range.bucketOf(day))).toEqual([
      0,
      0,
      1,
      2,
      undefined,
    ]);
  });

  it('switches offset at the exact instant of a DST change, and needs no CASE without one', () => {
    const segments = offsetSegments('America/New_York', new Date('2026-10-30T04:00:00Z'), new Date('2026-11-03T05:00:00Z'));
    expect(segments).toEqual([
      { until: new Date('2026-11-01T06:00:00.000Z'), offsetMinutes: -240 },
      { until: null, offsetMinutes: -300 },
    ]);
    expect(new StatsRange('2026-11-02', '2026-11-05', 'day', 'America/New_York').localDay('t')).toEqual({
      sql: "DATE_FORMAT(t + INTERVAL ? MINUTE, '%Y-%m-%d')",
      params: [-300],
    });
    expect(new StatsRange('2026-10-31', '2026-11-02', 'day', 'America/New_York').localDay('t')).toEqual({
      sql: "CASE WHEN t < ? THEN DATE_FORMAT(t + INTERVAL ? MINUTE, '%Y-%m-%d') ELSE DATE_FORMAT(t + INTERVAL ? MINUTE, '%Y-%m-%d') END",
      params: [new Date('2026-11-01T06:00:00.000Z'), -240, -300],
    });
  });

  it('names the period just before, as many days, across a month end', () => {
    const range = new StatsRange('2026-11-01', '2026-11-30', 'day', 'Europe/Berlin');
    const before = range.previous();
    expect([before.from, before.to, before.days.length]).toEqual(['2026-10-02', '2026-10-31', 30]);
    expect(new StatsRange('2026-03-01', '2026-03-07', 'week', 'UTC').previous()).toMatchObject({ from: '2026-02-22', to: '2026-02-28' });
  });
});
