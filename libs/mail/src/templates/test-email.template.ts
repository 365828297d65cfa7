import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

export interface TestEmailData {
  /** Free text an operator typed on the System page. */
  note?: string;
  requestedAt: string;
}

export const testEmailTemplate: MailTemplate<TestEmailData> = {
  subject: () => 'ResetDesk test email',
  html: (data, context) =>
    layout(
      'Outgoing mail works',
      html`<p>This is a test message, requested at ${data.requestedAt} (UTC).</p>
        ${data.note ? html`<p style="padding:12px;background:#f0f4f8;border-radius:4px">${data.note}</p>` : ''}
        <p>If you can read it, ResetDesk can deliver codes, reset links and reminders through this mail server.</p>`,
      context,
    ),
  text: (data, context) =>
    [
      'Outgoing mail works',
      '',
      `This is a test message, requested at ${data.requestedAt} (UTC).`,
      ...(data.note ? ['', data.note] : []),
      '',
      'If you can read it, ResetDesk can deliver codes, reset links and reminders through this mail server.',
    ].join('\n') + textFooter(context),
};
