import { MailContext, MailTemplate, RenderedMail } from './mail-template';
import { AssistedCodeData, assistedCodeTemplate } from './assisted-code.template';
import { TestEmailData, testEmailTemplate } from './test-email.template';
import { TicketOpenedData, ticketOpenedTemplate } from './ticket-opened.template';

/** Template data by notification kind; adding a kind here makes `enqueue` accept it. */
export interface MailDataByKind {
  'test-email': TestEmailData;
  'ticket-opened': TicketOpenedData;
  'assisted-code': AssistedCodeData;
}
export type MailKind = keyof MailDataByKind;

const templates: { [K in MailKind]: MailTemplate<MailDataByKind[K]> } = {
  'test-email': testEmailTemplate,
  'ticket-opened': ticketOpenedTemplate,
  'assisted-code': assistedCodeTemplate,
};

export const MAIL_KINDS = Object.keys(templates) as MailKind[];

export function isMailKind(kind: string): kind is MailKind {
  return Object.prototype.hasOwnProperty.call(templates, kind);
}

export function renderSubject<K extends MailKind>(kind: K, data: MailDataByKind[K]): string {
  return templates[kind].subject(data);
}

export function renderMail<K extends MailKind>(kind: K, data: MailDataByKind[K], context: MailContext): RenderedMail {
  const template = templates[kind];
  return { subject: template.subject(data), html: template.html(data, context).value, text: template.text(data, context) };
}

export * from './html';
export * from './mail-template';
export * from './assisted-code.template';
export * from './test-email.template';
export * from './ticket-opened.template';
