import { ReminderScanService } from '@resetdesk/reminders';
import { parseOptions } from './args';
import { CliCommand } from './command';
import { withApp } from './with-app';

/** The daily reminder scan, on demand: for operators re-running a missed day, the demo and tests. */
export const remindersRunCommand: CliCommand = {
  name: 'reminders:run',
  usage: 'reminders:run [--date YYYY-MM-DD]',
  description:
    'queue the password-expiry reminders due on a day (default today in REMINDER_TZ) and expire the passwords whose day has come; safe to repeat',
  async run(args) {
    const options = parseOptions(args, ['date']);
    return withApp(async (app) => {
      const summary = await app.get(ReminderScanService).run({ date: options.date, trigger: 'cli' });
      const catchUp = summary.catchUpDays > 1 ? ` (catching up ${summary.catchUpDays} days)` : '';
      return `Reminder scan for ${summary.date} in ${summary.timeZone}${catchUp}: ${summary.scanned} accounts on milestone days, ${summary.queued} reminders queued, ${summary.duplicates} already sent, ${summary.expired} passwords expired (${summary.durationMs} ms)`;
    });
  },
};
