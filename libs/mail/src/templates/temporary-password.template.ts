import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface TemporaryPasswordNoticeData {
  ticketId: number;
  agentFirstName: string;
  displayName: string;
  validForHours: number;
}

/** Tells the holder a temporary password was set: never the password itself, which the agent reads out. */
export const temporaryPasswordNoticeTemplate: MailTemplate<TemporaryPasswordNoticeData> = {
  subject: (data) => `A temporary password was set on your account (support ticket #${data.ticketId})`,
  html: (data, context) =>
    layout(
      'Temporary password set',
      html`<p>Hello ${data.displayName},</p>
        <p>
          <strong>${data.agentFirstName}</strong> from our support staff set a temporary password on your account for ticket
          <strong>#${data.ticketId}</strong> and told it to you on the line. It works for ${data.validForHours} hours, and only to choose a
          new password at ${portalLink(context, '/change-password')}
        </p>
        <p>If you did not ask our support team for this, contact us at once.</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      `${data.agentFirstName} from our support staff set a temporary password on your account for ticket #${data.ticketId} and told it to you on the line. It works for ${data.validForHours} hours, and only to choose a new password at ${portalLink(context, '/change-password')}`,
      '',
      'If you did not ask our support team for this, contact us at once.',
    ].join('\n') + textFooter(context),
};
