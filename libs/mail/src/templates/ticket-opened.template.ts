import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface TicketOpenedData {
  ticketId: number;
  displayName: string;
  /** How the ticket came in: phone, portal, email or chat. */
  channel: string;
  /** The portal request gave a phone number or another address to answer on (never shown here: it is anyone's typing). */
  otherContactGiven?: boolean;
}

const HOW: Record<string, string> = {
  portal: 'through the Contact support form of our portal',
  phone: 'by our support team, for a phone call',
  email: 'by our support team, for an email',
  chat: 'by our support team, for a chat',
};

/**
 * Tells the account holder a ticket exists in their name: an unexpected one
 * is itself a warning sign. Fixed wording and the ticket number only: the
 * ticket's subject is free text (typed by anyone on the portal, or by an
 * agent), and free text from our address is what a phishing mail needs.
 * Sent from a no-reply address, so it points to the portal, never to a reply.
 */
export const ticketOpenedTemplate: MailTemplate<TicketOpenedData> = {
  subject: (data) => `Support ticket #${data.ticketId} opened for your account`,
  html: (data, context) => {
    const facts = openedFacts(data, context);
    return layout(
      `Ticket #${data.ticketId} is open`,
      html`<p>Hello ${data.displayName},</p>
        <p>${facts.what}</p>
        ${facts.otherContact ? html`<p>${facts.otherContact}</p>` : ''}
        <p>${facts.help}</p>
        <p>${facts.unexpected}</p>
        <p style="font-family:Consolas,Menlo,monospace;font-size:15px;background:#f4f5f7;padding:8px 12px;border-radius:4px">
          ${facts.contact}
        </p>`,
      context,
    );
  },
  text: (data, context) => {
    const facts = openedFacts(data, context);
    return (
      [
        `Hello ${data.displayName},`,
        '',
        facts.what,
        ...(facts.otherContact ? ['', facts.otherContact] : []),
        '',
        facts.help,
        '',
        facts.unexpected,
        '',
        `    ${facts.contact}`,
      ].join('\n') + textFooter(context)
    );
  },
};

function openedFacts(data: TicketOpenedData, context: { appUrl: string; productName: string }) {
  return {
    what: `Support ticket #${data.ticketId} was opened ${HOW[data.channel] ?? 'by our support team'} about your account.`,
    otherContact: data.otherContactGiven
      ? 'Whoever asked also left a phone number or another email address for us to answer on, because they may not read this mailbox. Support will still confirm it is you with a code sent here or to your chat.'
      : null,
    help: `Anyone from our support team who helps you with it will name ticket #${data.ticketId}. We never ask for your password, and never ask for a code by email.`,
    unexpected:
      'If you did not ask for help, tell us on the Contact support page of our portal (this address does not receive replies). Type this address into your browser:',
    contact: portalLink(context, '/contact'),
  };
}
