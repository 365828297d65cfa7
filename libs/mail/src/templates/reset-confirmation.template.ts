import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface ResetConfirmationData {
  displayName: string;
  /** ISO time of the change. */
  changedAt: string;
  /** The ticket the reset belonged to, when there was one. */
  ticketId: number | null;
}

/** "Password reset successful": sent after every reset, so an unexpected one is noticed. */
export const resetConfirmationTemplate: MailTemplate<ResetConfirmationData> = {
  subject: () => 'Password reset successful',
  html: (data, context) =>
    layout(
      'Password reset successful',
      html`<p>Hello ${data.displayName},</p>
        <p>
          the password of your account was changed on
          ${formatUtc(data.changedAt)}${data.ticketId ? html` (support ticket <strong>#${data.ticketId}</strong>)` : ''}. Any other reset
          links and codes sent to you no longer work.
        </p>
        <p>If this was not you, contact our support team at once.</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      `the password of your account was changed on ${formatUtc(data.changedAt)}${data.ticketId ? ` (support ticket #${data.ticketId})` : ''}. Any other reset links and codes sent to you no longer work.`,
      '',
      'If this was not you, contact our support team at once.',
    ].join('\n') + textFooter(context),
};

export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
