import { html } from './html';
import { layout, textFooter } from './layout';
import { MailTemplate } from './mail-template';

/**
 * A notice to an account holder that something about their account changed: the greeting, one sentence saying
 * what, and what to do if it was not them. The sentence is built from the data only, never from free text.
 */
export function holderNotice<T extends { displayName: string }>(notice: {
  subject: (data: T) => string;
  sentence: (data: T) => string;
  ifNotYou: string;
}): MailTemplate<T> {
  return {
    subject: notice.subject,
    html: (data, context) =>
      layout(
        notice.subject(data),
        html`<p>Hello ${data.displayName},</p>
          <p>${notice.sentence(data)}</p>
          <p>${notice.ifNotYou}</p>`,
        context,
      ),
    text: (data, context) =>
      [`Hello ${data.displayName},`, '', notice.sentence(data), '', notice.ifNotYou].join('\n') + textFooter(context),
  };
}
