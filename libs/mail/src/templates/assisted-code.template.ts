import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface AssistedCodeData {
  code: string;
  ticketId: number;
  agentFirstName: string;
  displayName: string;
  expiresInMinutes: number;
}

/**
 * The code an agent asks for on the phone. It names the ticket and the agent
 * so the caller can check who is asking (two-way verification, SPEC §7.6).
 */
export const assistedCodeTemplate: MailTemplate<AssistedCodeData> = {
  subject: (data) => `Your verification code for support ticket #${data.ticketId}`,
  html: (data, context) =>
    layout(
      `Your code for ticket #${data.ticketId}`,
      html`<p>Hello ${data.displayName},</p>
        <p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:16px 0">${data.code}</p>
        <p>
          <strong>${data.agentFirstName}</strong> from our support staff will ask you for this code on ticket
          <strong>#${data.ticketId}</strong>: our support staff will ask you for this code on this ticket only.
        </p>
        <p>
          It expires in ${data.expiresInMinutes} minutes. If nobody from our support team is helping you right now, do not give this code to
          anyone.
        </p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      `Your verification code: ${data.code}`,
      '',
      `${data.agentFirstName} from our support staff will ask you for this code on ticket #${data.ticketId}: our support staff will ask you for this code on this ticket only.`,
      `It expires in ${data.expiresInMinutes} minutes. If nobody from our support team is helping you right now, do not give this code to anyone.`,
    ].join('\n') + textFooter(context),
  chat: (data) =>
    `Your verification code for support ticket #${data.ticketId}: ${data.code}. ${data.agentFirstName} from our support staff will ask you for this code on this ticket only. It expires in ${data.expiresInMinutes} minutes; if nobody from our support team is helping you right now, do not give it to anyone.`,
};
