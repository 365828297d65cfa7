import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';
import { formatUtc } from './reset-confirmation.template';

export interface StaffSignInLockedData {
  name: string;
  /** The client address the failures came from (the last one, for the member-wide lock). */
  address: string;
  /** address: that address is paused; member: every sign-in is paused; second-factor: the code step is paused (the password was right). */
  scope: 'address' | 'member' | 'second-factor';
  failures: number;
  /** ISO time the pause ends. */
  until: string;
}

const WHAT: Record<StaffSignInLockedData['scope'], string> = {
  address: 'sign-in to your account from that address is paused',
  member: 'sign-in to your account is paused from every address',
  'second-factor': 'the second step of sign-in is paused. These tries came after your correct password: change it now',
};

function summary(data: StaffSignInLockedData): string {
  const tries = data.scope === 'second-factor' ? 'wrong two-factor codes' : 'wrong passwords';
  return `${data.failures} ${tries} were entered for your staff account, the last from ${data.address}, so ${WHAT[data.scope]} until ${formatUtc(data.until)}.`;
}

/** Tells a staff member that sign-in to their account was paused after failed tries, and from where. */
export const staffSignInLockedTemplate: MailTemplate<StaffSignInLockedData> = {
  subject: () => 'Sign-in to your staff account was paused',
  html: (data, context) =>
    layout(
      'Sign-in paused',
      html`<p>Hello ${data.name},</p>
        <p>${summary(data)}</p>
        <p>
          If this was you, wait until then or ask an admin to unlock your account. If it was not, tell your admin: someone is trying to sign
          in as you.
        </p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.name},`,
      '',
      summary(data),
      '',
      'If this was you, wait until then or ask an admin to unlock your account. If it was not, tell your admin: someone is trying to sign in as you.',
    ].join('\n') + textFooter(context),
};
