import { DateTime } from 'luxon';
import { ReminderCalendar } from './reminder-calendar';

describe(ReminderCalendar.name, () => {
  it('counts calendar days in the zone, whatever the hour', () => {
    const utc = ReminderCalendar.parse('2026-12-10', 'UTC')!;
    expect(utc.daysUntil(new Date('2026-12-17T00:00:00.000Z'))).toBe(7);
    expect(utc.daysUntil(new Date('2026-12-17T23:59:59.999Z'))).toBe(7);
    expect(utc.daysUntil(new Date('2026-12-10T00:00:00.000Z'))).toBe(0);
    expect(utc.daysUntil(new Date('2026-12-09T23:59:59.999Z'))).toBe(-1);
  });

  it('puts an instant on the day it falls on in REMINDER_TZ, not in UTC', () => {
    const berlin = ReminderCalendar.parse('2026-12-10', 'Europe/Berlin')!;
    // 23:30 UTC on the 16th is 00:30 on the 17th in Berlin.
    expect(berlin.daysUntil(new Date('2026-12-16T23:30:00.000Z'))).toBe(7);
    expect(berlin.dayStart(0).toISOString()).toBe('2026-12-09T23:00:00.000Z');
  });

  it('keeps whole days across a daylight-saving change', () => {
    // Europe/Berlin moves to summer time on 29 March 2026: that day has 23 hours.
    const berlin = ReminderCalendar.parse('2026-03-27', 'Europe/Berlin')!;
    expect(berlin.dayStart(3).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(berlin.daysUntil(new Date('2026-03-29T22:30:00.000Z'))).toBe(3);
    expect(berlin.daysUntil(new Date('2026-03-29T21:30:00.000Z'))).toBe(2);
    expect(berlin.daysSince('2026-03-24')).toBe(3);
  });

  it('puts every instant on the same day as a calendar-day difference in the zone does, across DST changes and a skipped day', () => {
    // Lord Howe Island shifts by 30 minutes; Samoa skipped 30 December 2011.
    for (const [date, zone] of [
      ['2026-03-20', 'Europe/Berlin'],
      ['2026-10-20', 'America/New_York'],
      ['2026-03-30', 'Australia/Lord_Howe'],
      ['2011-12-25', 'Pacific/Apia'],
    ] as const) {
      const calendar = ReminderCalendar.parse(date, zone)!;
      const today = DateTime.fromISO(date, { zone });
      const [got, expected]: string[][] = [[], []];
      for (let minutes = -3 * 1440; minutes <= 20 * 1440; minutes += 29) {
        const instant = today.plus({ minutes });
        got.push(`${instant.toISO()} ${calendar.daysUntil(instant.toJSDate())}`);
        expected.push(`${instant.toISO()} ${Math.round(instant.startOf('day').diff(today, 'days').days)}`);
      }
      expect(got).toEqual(expected);
    }
  });

  it('refuses dates that are not real days', () => {
    expect(ReminderCalendar.parse('2026-02-30', 'UTC')).toBeNull();
    expect(ReminderCalendar.parse('26-12-10', 'UTC')).toBeNull();
  });

  it('knows today at a local time of day, and the day after', () => {
    const calendar = ReminderCalendar.at(new Date('2026-11-26T05:00:00.000Z'), 'America/New_York');
    expect(calendar.date).toBe('2026-11-26');
    expect(calendar.dayAfter).toBe('2026-11-27');
    expect(calendar.timeOfDay(8, 0).toISOString()).toBe('2026-11-26T13:00:00.000Z');
  });
});
