import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface PersonalEmailCodeData {
  code: string;
  displayName: string;
  username: string;
  expiresInMinutes: number;
}

const HEADLINE = 'Confirm your personal email';

/**
 * Sent to an address a holder asked to put on record, after they proved who they are on the portal: only someone
 * who reads this address can finish. The code is typed on the portal by the holder, so nobody may ask for it.
 */
export const personalEmailCodeTemplate: MailTemplate<PersonalEmailCodeData> = {
  subject: () => HEADLINE,
  html: (data, context) =>
    layout(
      HEADLINE,
      html`<p>Hello ${data.displayName},</p>
        <p>
          you asked to add this address as the personal email of your account <strong>${data.username}</strong>. Our support staff may send
          a code here to check that a caller is you. Type this code on the portal page:
        </p>
        <p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:16px 0">${data.code}</p>
        <p><strong>Never share this code — we will never ask for it.</strong> It expires in ${data.expiresInMinutes} minutes.</p>
        <p>If you did not ask for this, ignore this email: the address will not be added.</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      `you asked to add this address as the personal email of your account ${data.username}. Our support staff may send a code here to check that a caller is you. Type this code on the portal page:`,
      '',
      `Your confirmation code: ${data.code}`,
      '',
      `Never share this code — we will never ask for it. It expires in ${data.expiresInMinutes} minutes.`,
      'If you did not ask for this, ignore this email: the address will not be added.',
    ].join('\n') + textFooter(context),
};
