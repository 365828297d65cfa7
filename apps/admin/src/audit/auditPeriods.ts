/** The audit log's date presets, as from/until instants in the browser's zone (until is exclusive, as the API reads it). */
export type AuditPeriod = 'today' | 'yesterday' | 'last-7-days' | 'last-week' | 'last-30-days';

export const AUDIT_PERIODS: Array<{ id: AuditPeriod; name: string }> = [
  { id: 'today', name: 'Today' },
  { id: 'yesterday', name: 'Yesterday' },
  { id: 'last-7-days', name: 'Last 7 days' },
  { id: 'last-week', name: 'Last week (Mon–Sun)' },
  { id: 'last-30-days', name: 'Last 30 days' },
];

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

export function periodRange(period: AuditPeriod, now = new Date()): { from: string; to: string } {
  const today = startOfDay(now);
  const tomorrow = addDays(today, 1);
  // Monday of this week: getDay() is 0 on Sunday.
  const monday = addDays(today, -((today.getDay() + 6) % 7));
  const [from, to] =
    period === 'today'
      ? [today, tomorrow]
      : period === 'yesterday'
        ? [addDays(today, -1), today]
        : period === 'last-7-days'
          ? [addDays(today, -6), tomorrow]
          : period === 'last-week'
            ? [addDays(monday, -7), monday]
            : [addDays(today, -29), tomorrow];
  return { from: from.toISOString(), to: to.toISOString() };
}

/** Which preset a from/until pair is, if any (so the picker shows it after a reload). */
export function periodOf(from: unknown, to: unknown, now = new Date()): AuditPeriod | '' {
  return (
    AUDIT_PERIODS.find(({ id }) => {
      const range = periodRange(id, now);
      return range.from === from && range.to === to;
    })?.id ?? ''
  );
}
