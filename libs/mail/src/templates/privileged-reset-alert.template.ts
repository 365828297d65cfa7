import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailTemplate } from './mail-template';
import { formatUtc } from './reset-confirmation.template';

export interface PrivilegedResetAlertData {
  ticketId: number;
  accountUsername: string;
  method: 'link' | 'temporary';
  agentName: string;
  approverName: string;
  at: string;
}

/** Every supervisor hears about a reset of a privileged account. */
export const privilegedResetAlertTemplate: MailTemplate<PrivilegedResetAlertData> = {
  subject: (data) => `Privileged account reset: ${data.accountUsername} (ticket #${data.ticketId})`,
  html: (data, context) =>
    layout(
      'Privileged account reset',
      html`<p>${data.agentName} reset the password of the privileged account <strong>${data.accountUsername}</strong> on ticket <strong>#${data.ticketId}</strong> (${data.method === 'link' ? 'reset link emailed' : 'temporary password'}) on ${formatUtc(data.at)}, approved by ${data.approverName}.</p>
<p>Review the ticket: ${portalLink(context, `/admin/tickets/${data.ticketId}/show`)}</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `${data.agentName} reset the password of the privileged account ${data.accountUsername} on ticket #${data.ticketId} (${data.method === 'link' ? 'reset link emailed' : 'temporary password'}) on ${formatUtc(data.at)}, approved by ${data.approverName}.`,
      '',
      `Review the ticket: ${portalLink(context, `/admin/tickets/${data.ticketId}/show`)}`,
    ].join('\n') + textFooter(context),
};
