import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailContext, MailTemplate } from './mail-template';
import { formatUtc } from './reset-confirmation.template';

export interface ManagerApprovalRequestData {
  /** The manager, by first name. */
  managerFirstName: string;
  /** The holder the caller claims to be. */
  holderName: string;
  holderUsername: string;
  ticketId: number;
  agentFirstName: string;
  token: string;
  /** ISO time the links stop working. */
  expiresAt: string;
}

function question(data: ManagerApprovalRequestData): string {
  return (
    `Someone is on the phone with ${data.agentFirstName} of our support team (ticket #${data.ticketId}) and says they are ` +
    `${data.holderName} (${data.holderUsername}), who has you as manager on record. Before we reset their password, please tell us whether it is really them.`
  );
}

const CHECK =
  'Approve only if you know it is them — for example because you just spoke to them yourself on a number you know. If you are not sure, deny: our support team will verify the caller another way, and no harm is done.';

const link = (data: ManagerApprovalRequestData, context: MailContext, decision: 'approve' | 'deny') =>
  portalLink(context, '/manager-approval', { token: data.token, decision });

/**
 * To the manager of the account a caller claims: Approve and Deny links to a page that asks once more (mail
 * scanners open links; only the click on the page decides). Fixed wording: no free text of anyone's.
 */
export const managerApprovalRequestTemplate: MailTemplate<ManagerApprovalRequestData> = {
  subject: (data) => `Is it really ${data.holderName}? Support ticket #${data.ticketId}`,
  html: (data, context) =>
    layout(
      'A caller claims to be someone you manage',
      html`<p>Hello ${data.managerFirstName},</p>
        <p>${question(data)}</p>
        <p>${CHECK}</p>
        <p style="margin:24px 0">
          <a
            href="${link(data, context, 'approve')}"
            style="background:#15803d;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none"
            >Approve: it is ${data.holderName}</a
          >
          &nbsp;
          <a
            href="${link(data, context, 'deny')}"
            style="background:#b91c1c;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none"
            >Deny: it is not</a
          >
        </p>
        <p style="font-size:13px;color:#52606d">
          The links work once, until ${formatUtc(data.expiresAt)}. Approve: ${link(data, context, 'approve')} · Deny:
          ${link(data, context, 'deny')}
        </p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.managerFirstName},`,
      '',
      question(data),
      '',
      CHECK,
      '',
      `Approve (it is ${data.holderName}): ${link(data, context, 'approve')}`,
      `Deny (it is not): ${link(data, context, 'deny')}`,
      '',
      `The links work once, until ${formatUtc(data.expiresAt)}.`,
    ].join('\n') + textFooter(context),
};

export interface ManagerDeniedAlertData {
  /** The supervisor or admin this copy goes to. */
  name: string;
  ticketId: number;
  holderUsername: string;
  managerName: string;
  agentName: string;
  at: string;
}

/** Every supervisor and admin hears when a manager says the caller is not who they claim. */
export const managerDeniedAlertTemplate: MailTemplate<ManagerDeniedAlertData> = {
  subject: (data) => `Manager denied a caller: ${data.holderUsername} (ticket #${data.ticketId})`,
  html: (data, context) =>
    layout(
      'A manager denied a caller',
      html`<p>Hello ${data.name},</p>
        <p>${deniedFacts(data)}</p>
        <p>Review the ticket: ${portalLink(context, `/admin/tickets/${data.ticketId}/show`)}</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.name},`,
      '',
      deniedFacts(data),
      '',
      `Review the ticket: ${portalLink(context, `/admin/tickets/${data.ticketId}/show`)}`,
    ].join('\n') + textFooter(context),
};

function deniedFacts(data: ManagerDeniedAlertData): string {
  return (
    `On ${formatUtc(data.at)} ${data.managerName}, the manager on record of ${data.holderUsername}, said the caller on ticket #${data.ticketId} ` +
    `(agent: ${data.agentName}) is not who they claim. The verification on the ticket ended and its open codes were withdrawn; the caller may be posing as the holder.`
  );
}
