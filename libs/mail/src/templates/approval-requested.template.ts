import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailContext, MailTemplate } from './mail-template';
import { formatUtc } from './reset-confirmation.template';

export interface ApprovalRequestedData {
  /** The supervisor or admin this copy goes to. */
  name: string;
  ticketId: number;
  accountUsername: string;
  /** The agent who asked. */
  agentName: string;
  /** ISO time the caller's verification, and so the chance to approve it, runs out. */
  verifiedUntil: string;
}

function summary(data: ApprovalRequestedData): string {
  return (
    `${data.agentName} verified the caller on ticket #${data.ticketId} and asks you to approve the password reset of the privileged ` +
    `account ${data.accountUsername}. The verification holds until ${formatUtc(data.verifiedUntil)}; after that the caller must be verified again.`
  );
}

const CHECK =
  'Approve only if you are not the agent and did not send or enter the caller’s code. If the call looks wrong to you, do not approve: ask the agent.';

const ticketLink = (data: ApprovalRequestedData, context: MailContext) => portalLink(context, `/admin/tickets/${data.ticketId}/show`);

/** Tells a supervisor that an agent waits for their approval of a privileged reset. Fixed wording: no free text of anyone's. */
export const approvalRequestedTemplate: MailTemplate<ApprovalRequestedData> = {
  subject: (data) => `Approval requested: reset of ${data.accountUsername} (ticket #${data.ticketId})`,
  html: (data, context) =>
    layout(
      'Approval requested',
      html`<p>Hello ${data.name},</p>
        <p>${summary(data)}</p>
        <p>${CHECK}</p>
        <p>Open the ticket: ${ticketLink(data, context)}</p>`,
      context,
    ),
  text: (data, context) =>
    [`Hello ${data.name},`, '', summary(data), '', CHECK, '', `Open the ticket: ${ticketLink(data, context)}`].join('\n') +
    textFooter(context),
};
