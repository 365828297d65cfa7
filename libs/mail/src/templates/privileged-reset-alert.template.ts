import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailTemplate } from './mail-template';
import { formatUtc } from './reset-confirmation.template';

/** How the password was set (every path that sets a privileged account's password alerts), or an unlock without a new password. */
export type PrivilegedResetMethod = 'link' | 'temporary' | 'forgot-password' | 'change-password' | 'chat' | 'admin' | 'unlock';

export interface PrivilegedResetAlertData {
  /** The ticket the reset belonged to; null for self-service and directory changes. */
  ticketId: number | null;
  /** Where to look when there is no ticket (absent in alerts queued before it existed). */
  accountId?: number;
  accountUsername: string;
  method: PrivilegedResetMethod;
  /** The staff member who set the password or sent the link; empty when the holder acted alone. */
  agentName: string;
  /** The supervisor who approved an assisted reset, when there was one. */
  approverName?: string | null;
  at: string;
}

/** Every supervisor and admin hears about a new password on a privileged account, however it was set. */
export const privilegedResetAlertTemplate: MailTemplate<PrivilegedResetAlertData> = {
  subject: (data) =>
    `Privileged account ${data.method === 'unlock' ? 'unlocked' : 'reset'}: ${data.accountUsername}${data.ticketId ? ` (ticket #${data.ticketId})` : ''}`,
  html: (data, context) => {
    const facts = alertFacts(data);
    return layout(
      data.method === 'unlock' ? 'Privileged account unlocked' : 'Privileged account reset',
      html`<p>${facts.what}</p>
        <p>${facts.check}</p>
        <p>Review it: ${reviewLink(data, context)}</p>`,
      context,
    );
  },
  text: (data, context) => {
    const facts = alertFacts(data);
    return [facts.what, '', facts.check, '', `Review it: ${reviewLink(data, context)}`].join('\n') + textFooter(context);
  },
};

function alertFacts(data: PrivilegedResetAlertData) {
  const account = `the privileged account ${data.accountUsername}`;
  const onTicket = data.ticketId ? ` on ticket #${data.ticketId}` : '';
  const approved = data.approverName ? `, approved by ${data.approverName}` : '';
  const when = formatUtc(data.at);
  const what: Record<PrivilegedResetMethod, string> = {
    link: `The password of ${account} was set on ${when} with a reset link${data.agentName ? ` that ${data.agentName} sent` : ''}${onTicket}${approved}.`,
    temporary: `${data.agentName || 'Support'} set a temporary password on ${account}${onTicket} on ${when}${approved}.`,
    'forgot-password': `The password of ${account} was reset on ${when} through forgot-password (an emailed code, no staff involved).`,
    'change-password': `The password of ${account} was changed with the current password on the portal's change-password page, on ${when}.`,
    chat: `The password of ${account} was reset on ${when} with the chat command from its linked chat id.`,
    admin: `${data.agentName || 'An administrator'} set the password of ${account} in the account directory on ${when}.`,
    unlock: `${data.agentName || 'Support'} cleared the lockout of ${account}${onTicket} on ${when}${approved}; its password did not change.`,
  };
  return { what: what[data.method], check: 'If nobody expected this change, disable the account and find out who made it.' };
}

function reviewLink(data: PrivilegedResetAlertData, context: { appUrl: string; productName: string }): string {
  if (data.ticketId) return portalLink(context, `/admin/tickets/${data.ticketId}/show`);
  return portalLink(context, data.accountId ? `/admin/accounts/${data.accountId}/show` : '/admin/accounts');
}
