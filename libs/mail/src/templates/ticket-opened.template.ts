import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface TicketOpenedData {
  ticketId: number;
  subject: string;
  displayName: string;
  /** How the ticket came in: phone, portal, email or chat. */
  channel: string;
}

/** Tells the account holder a ticket exists in their name: an unexpected one is itself a warning sign. */
export const ticketOpenedTemplate: MailTemplate<TicketOpenedData> = {
  subject: (data) => `Support ticket #${data.ticketId} opened: ${data.subject}`,
  html: (data, context) =>
    layout(
      `Ticket #${data.ticketId} is open`,
      html`<p>Hello ${data.displayName},</p>
<p>our support team opened ticket <strong>#${data.ticketId}</strong> (“${data.subject}”, via ${data.channel}) about your account.</p>
<p>If someone helps you with it, they will name this ticket number. If you did not ask for help, tell us by replying to this email — do not share any code with anyone.</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      `our support team opened ticket #${data.ticketId} ("${data.subject}", via ${data.channel}) about your account.`,
      '',
      'If someone helps you with it, they will name this ticket number. If you did not ask for help, tell us by replying to this email - do not share any code with anyone.',
    ].join('\n') + textFooter(context),
};
