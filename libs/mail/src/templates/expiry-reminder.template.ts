import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailContext, MailTemplate } from './mail-template';

export interface ExpiryReminderData {
  displayName: string;
  username: string;
  /** The reminder day this email stands for (7, 3, 0… from the account's policy). */
  milestone: number;
  /** Calendar days from the scan's day to the expiry day; 0 or less: expired. */
  daysLeft: number;
  /** ISO times. */
  changedAt: string | null;
  expiresAt: string;
  /** REMINDER_TZ: the dates are printed as days there. */
  timeZone: string;
}

/** Fixed subjects (SPEC §7.6): holders learn them, so a look-alike stands out. */
export const EXPIRY_REMINDER_SUBJECTS = { upcoming: 'Your password will expire soon', expired: 'Your password has expired' } as const;

/**
 * Password-expiry reminder, one per milestone. The portal address is printed
 * as text, never as a link or button: holders are told to type it, so a
 * reminder with something to click is recognisably not ours.
 */
export const expiryReminderTemplate: MailTemplate<ExpiryReminderData> = {
  subject: (data) => (data.milestone > 0 ? EXPIRY_REMINDER_SUBJECTS.upcoming : EXPIRY_REMINDER_SUBJECTS.expired),
  html: (data, context) => {
    const facts = reminderFacts(data, context);
    return layout(
      expiryReminderTemplate.subject(data),
      html`<p>Hello ${data.displayName},</p>
        <p>${facts.headline}</p>
        <table role="presentation" style="margin:8px 0 16px;font-size:14px">
          <tr>
            <td style="padding-right:16px;color:#52606d">Account</td>
            <td>${data.username}</td>
          </tr>
          <tr>
            <td style="padding-right:16px;color:#52606d">Last changed</td>
            <td>${facts.changedOn}</td>
          </tr>
          <tr>
            <td style="padding-right:16px;color:#52606d">Expires</td>
            <td>${facts.expiresOn}</td>
          </tr>
        </table>
        <p>${facts.action}</p>
        <p style="font-family:Consolas,Menlo,monospace;font-size:15px;background:#f4f5f7;padding:8px 12px;border-radius:4px">
          ${facts.address}
        </p>
        <p style="font-size:13px;color:#52606d">${facts.warning}</p>`,
      context,
    );
  },
  text: (data, context) => {
    const facts = reminderFacts(data, context);
    return (
      [
        `Hello ${data.displayName},`,
        '',
        facts.headline,
        '',
        `Account:      ${data.username}`,
        `Last changed: ${facts.changedOn}`,
        `Expires:      ${facts.expiresOn}`,
        '',
        facts.action,
        '',
        `    ${facts.address}`,
        '',
        facts.warning,
      ].join('\n') + textFooter(context)
    );
  },
};

function reminderFacts(data: ExpiryReminderData, context: MailContext) {
  const expiresOn = formatDay(data.expiresAt, data.timeZone);
  const expired = data.daysLeft <= 0;
  return {
    headline: expired
      ? `The password of your account ${data.username} has expired (${expiresOn}). Until you choose a new one, it may no longer let you sign in.`
      : `The password of your account ${data.username} expires in ${data.daysLeft} ${data.daysLeft === 1 ? 'day' : 'days'}, on ${expiresOn}.`,
    changedOn: data.changedAt ? formatDay(data.changedAt, data.timeZone) : 'never',
    expiresOn,
    action: expired
      ? 'Choose a new password on the change-password page of our portal; it accepts your expired password. Type this address into your browser:'
      : 'Choose a new password before then on the change-password page of our portal. Type this address into your browser:',
    address: portalLink(context, '/change-password'),
    warning:
      'These reminders never contain a link or button to click, and we never ask for your password by email. A message that does was not sent by us.',
  };
}

/** One formatter per zone: making one costs more than formatting hundreds of dates with it. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 December 2026 (UTC)": the day as the scan saw it. */
export function formatDay(iso: string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone });
    dayFormats.set(timeZone, format);
  }
  return `${format.format(new Date(iso))} (${timeZone})`;
}
