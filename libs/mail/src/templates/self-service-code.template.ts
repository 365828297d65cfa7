import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface SelfServiceCodeData {
  code: string;
  displayName: string;
  expiresInMinutes: number;
}

/** The forgot-password code: nobody but the holder types it, so nobody may ask for it (SPEC §7.6). */
export const selfServiceCodeTemplate: MailTemplate<SelfServiceCodeData> = {
  subject: () => 'Your password reset code',
  html: (data, context) =>
    layout(
      'Your password reset code',
      html`<p>Hello ${data.displayName},</p>
        <p>someone asked to reset the password of your account. Type this code on the reset page:</p>
        <p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:16px 0">${data.code}</p>
        <p><strong>Never share this code — we will never ask for it.</strong> It expires in ${data.expiresInMinutes} minutes.</p>
        <p>If you did not ask for it, ignore this email: your password stays as it is.</p>`,
      context,
    ),
  text: (data, context) =>
    [
      `Hello ${data.displayName},`,
      '',
      'someone asked to reset the password of your account. Type this code on the reset page:',
      '',
      `Your password reset code: ${data.code}`,
      '',
      `Never share this code — we will never ask for it. It expires in ${data.expiresInMinutes} minutes.`,
      'If you did not ask for it, ignore this email: your password stays as it is.',
    ].join('\n') + textFooter(context),
};
