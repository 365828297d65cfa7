import { DateTime } from 'luxon';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Days as the reminder scan counts them: calendar days in REMINDER_TZ,
 * from the scan's date. "Expires in 7 days" means the expiry instant falls
 * on the 7th day after today there, whatever the hour or a DST change.
 */
export class ReminderCalendar {
  private readonly today: DateTime;
  /** Day starts by offset from today, in epoch ms: a scan asks which day thousands of instants fall on, all on a few days. */
  private readonly dayStarts = new Map<number, number>();

  /** `date` is YYYY-MM-DD in `timeZone`; returns null when it is not a real day. */
  static parse(date: string, timeZone: string): ReminderCalendar | null {
    if (!ISO_DATE.test(date)) return null;
    const today = DateTime.fromISO(date, { zone: timeZone });
    return today.isValid ? new ReminderCalendar(today) : null;
  }

  /** The calendar whose today holds `instant`. */
  static at(instant: Date, timeZone: string): ReminderCalendar {
    return new ReminderCalendar(DateTime.fromJSDate(instant, { zone: timeZone }));
  }

  private constructor(day: DateTime) {
    this.today = day.startOf('day');
  }

  get date(): string {
    return this.today.toISODate()!;
  }

  get timeZone(): string {
    return this.today.zoneName!;
  }

  /** The YYYY-MM-DD after today. */
  get dayAfter(): string {
    return this.today.plus({ days: 1 }).toISODate()!;
  }

  /** The instant of a local time of day today. */
  timeOfDay(hour: number, minute: number): Date {
    return this.today.set({ hour, minute }).toJSDate();
  }

  /** The instant the day `offset` days from today starts (negative: past days). */
  dayStart(offset: number): Date {
    return new Date(this.dayStartMs(offset));
  }

  /** Calendar days from today to the day `instant` falls on (0: today, negative: past). */
  daysUntil(instant: Date): number {
    const at = instant.getTime();
    // A guess in 24-hour days, then moved to the day whose start and end hold the instant (days of 23 or 25 hours).
    let offset = Math.floor((at - this.dayStartMs(0)) / 86_400_000);
    while (at < this.dayStartMs(offset)) offset -= 1;
    while (at >= this.dayStartMs(offset + 1)) offset += 1;
    return offset;
  }

  private dayStartMs(offset: number): number {
    let start = this.dayStarts.get(offset);
    if (start === undefined) {
      start = this.today.plus({ days: offset }).toMillis();
      this.dayStarts.set(offset, start);
    }
    return start;
  }

  /** Calendar days from the YYYY-MM-DD `date` to today. */
  daysSince(date: string): number {
    return Math.round(this.today.diff(DateTime.fromISO(date, { zone: this.today.zone }).startOf('day'), 'days').days);
  }
}
