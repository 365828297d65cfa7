import { SafeHtml } from './html';

/** What every template may use besides its own data. Links are built from APP_URL only. */
export interface MailContext {
  appUrl: string;
  productName: string;
}

export interface MailTemplate<Data> {
  /** Subject is rendered when the row is written, so the delivery log can show it without the payload. */
  subject(data: Data): string;
  html(data: Data, context: MailContext): SafeHtml;
  text(data: Data, context: MailContext): string;
  /** A short plain message for a linked chat id; kinds without it go by email only. */
  chat?(data: Data, context: MailContext): string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}
