import { MailContext, MailTemplate, RenderedMail } from './mail-template';
import { ApprovalRequestedData, approvalRequestedTemplate } from './approval-requested.template';
import { AssistedCodeData, assistedCodeTemplate } from './assisted-code.template';
import { AuthenticatorChangedData, authenticatorChangedTemplate } from './authenticator-changed.template';
import { ContactDetailsChangedData, contactDetailsChangedTemplate } from './contact-details-changed.template';
import { ExpiryReminderData, expiryReminderTemplate } from './expiry-reminder.template';
import { TestEmailData, testEmailTemplate } from './test-email.template';
import { TicketOpenedData, ticketOpenedTemplate } from './ticket-opened.template';
import {
  ManagerApprovalRequestData,
  managerApprovalRequestTemplate,
  ManagerDeniedAlertData,
  managerDeniedAlertTemplate,
} from './manager-approval.template';
import { PersonalEmailCodeData, personalEmailCodeTemplate } from './personal-email-code.template';
import { PrivilegedResetAlertData, privilegedResetAlertTemplate } from './privileged-reset-alert.template';
import { ResetConfirmationData, resetConfirmationTemplate } from './reset-confirmation.template';
import { ResetLinkData, resetLinkTemplate } from './reset-link.template';
import { SelfServiceCodeData, selfServiceCodeTemplate } from './self-service-code.template';
import { StaffInvitationData, staffInvitationTemplate } from './staff-invitation.template';
import { StaffSignInLockedData, staffSignInLockedTemplate } from './staff-sign-in-locked.template';
import { TemporaryPasswordNoticeData, temporaryPasswordNoticeTemplate } from './temporary-password.template';

/** Template data by notification kind; adding a kind here makes `enqueue` accept it. */
export interface MailDataByKind {
  'test-email': TestEmailData;
  'ticket-opened': TicketOpenedData;
  'assisted-code': AssistedCodeData;
  'reset-link': ResetLinkData;
  'temporary-password-notice': TemporaryPasswordNoticeData;
  'reset-confirmation': ResetConfirmationData;
  'privileged-reset-alert': PrivilegedResetAlertData;
  'self-service-code': SelfServiceCodeData;
  'expiry-reminder': ExpiryReminderData;
  'staff-sign-in-locked': StaffSignInLockedData;
  'approval-requested': ApprovalRequestedData;
  'staff-invitation': StaffInvitationData;
  'authenticator-changed': AuthenticatorChangedData;
  'contact-details-changed': ContactDetailsChangedData;
  'personal-email-code': PersonalEmailCodeData;
  'manager-approval-request': ManagerApprovalRequestData;
  'manager-denied-alert': ManagerDeniedAlertData;
}
export type MailKind = keyof MailDataByKind;

const templates: { [K in MailKind]: MailTemplate<MailDataByKind[K]> } = {
  'test-email': testEmailTemplate,
  'ticket-opened': ticketOpenedTemplate,
  'assisted-code': assistedCodeTemplate,
  'reset-link': resetLinkTemplate,
  'temporary-password-notice': temporaryPasswordNoticeTemplate,
  'reset-confirmation': resetConfirmationTemplate,
  'privileged-reset-alert': privilegedResetAlertTemplate,
  'self-service-code': selfServiceCodeTemplate,
  'expiry-reminder': expiryReminderTemplate,
  'staff-sign-in-locked': staffSignInLockedTemplate,
  'approval-requested': approvalRequestedTemplate,
  'staff-invitation': staffInvitationTemplate,
  'authenticator-changed': authenticatorChangedTemplate,
  'contact-details-changed': contactDetailsChangedTemplate,
  'personal-email-code': personalEmailCodeTemplate,
  'manager-approval-request': managerApprovalRequestTemplate,
  'manager-denied-alert': managerDeniedAlertTemplate,
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

/** Whether this kind can go to a chat id. */
export function hasChatTemplate(kind: MailKind): boolean {
  return typeof templates[kind].chat === 'function';
}

export function renderChat<K extends MailKind>(kind: K, data: MailDataByKind[K], context: MailContext): string {
  const chat = templates[kind].chat;
  if (!chat) throw new Error(`Notification kind "${kind}" has no chat message`);
  return chat(data, context);
}

export * from './html';
export * from './mail-template';
export * from './assisted-code.template';
export * from './authenticator-changed.template';
export * from './contact-details-changed.template';
export * from './personal-email-code.template';
export * from './manager-approval.template';
export * from './expiry-reminder.template';
export * from './test-email.template';
export * from './ticket-opened.template';
export * from './privileged-reset-alert.template';
export * from './reset-confirmation.template';
export * from './reset-link.template';
export * from './self-service-code.template';
export * from './staff-sign-in-locked.template';
export * from './temporary-password.template';
