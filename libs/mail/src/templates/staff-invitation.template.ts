import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface StaffInvitationData {
  token: string;
  name: string;
  /** Who invited them, by name: an invitation from nobody in particular is what a phishing mail looks like. */
  invitedBy: string;
  role: string;
  expiresInHours: number;
}

/** A new staff member chooses their own password: no password made up by an admin ever travels. */
export const staffInvitationTemplate: MailTemplate<StaffInvitationData> = {
  subject: () => 'Your ResetDesk staff account: choose your password',
  html: (data, context) => {
    const link = portalLink(context, '/admin/invitation', { token: data.token });
    return layout(
      'Choose your password',
      html`<p>Hello ${data.name},</p>
        <p>
          ${data.invitedBy} added you to ResetDesk as ${data.role}. Use this link to choose your password; it works once and expires in
          ${data.expiresInHours} hours.
        </p>
        <p style="margin:24px 0">
          <a href="${link}" style="background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none"
            >Choose your password</a
          >
        </p>
        <p style="font-size:13px;color:#52606d">Or paste this address into your browser: ${link}</p>
        <p>If you did not expect this, ignore this email and tell ${data.invitedBy}: nothing happens without the link.</p>`,
      context,
    );
  },
  text: (data, context) =>
    [
      `Hello ${data.name},`,
      '',
      `${data.invitedBy} added you to ResetDesk as ${data.role}. Use this link to choose your password; it works once and expires in ${data.expiresInHours} hours:`,
      '',
      portalLink(context, '/admin/invitation', { token: data.token }),
      '',
      `If you did not expect this, ignore this email and tell ${data.invitedBy}: nothing happens without the link.`,
    ].join('\n') + textFooter(context),
};
