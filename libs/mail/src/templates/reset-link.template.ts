import { html } from './html';
import { layout, portalLink, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface ResetLinkData {
  token: string;
  ticketId: number;
  displayName: string;
  expiresInMinutes: number;
}

/** The single-use link an agent sends once the caller is verified. */
export const resetLinkTemplate: MailTemplate<ResetLinkData> = {
  subject: (data) => `Reset your password (support ticket #${data.ticketId})`,
  html: (data, context) => {
    const link = portalLink(context, '/reset', { token: data.token });
    return layout(
      'Choose a new password',
      html`<p>Hello ${data.displayName},</p>
        <p>
          as agreed on support ticket <strong>#${data.ticketId}</strong>, use this link to choose a new password. It works once and expires
          in ${data.expiresInMinutes} minutes.
        </p>
        <p style="margin:24px 0">
          <a href="${link}" style="background:#1d4ed8;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none"
            >Choose a new password</a
          >
        </p>
        <p style="font-size:13px;color:#52606d">Or paste this address into your browser: ${link}</p>
        <p>If you did not ask our support team for this, ignore this email and tell us: your password stays as it is.</p>`,
      context,
    );
  },
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      `as agreed on support ticket #${data.ticketId}, use this link to choose a new password. It works once and expires in ${data.expiresInMinutes} minutes:`,
      '',
      portalLink(context, '/reset', { token: data.token }),
      '',
      'If you did not ask our support team for this, ignore this email and tell us: your password stays as it is.',
    ].join('\n') + textFooter(context),
};
