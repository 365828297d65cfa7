/** Who did it. Staff and account ids are stored as text so one column serves every kind. */
export interface AuditActor {
  type: 'staff' | 'account' | 'system' | 'anonymous';
  id?: string | number | null;
  /** A human label at the time (e.g. the staff email), so the trail reads well after renames. */
  label?: string | null;
}

export interface AuditTarget {
  type: string;
  id?: string | number | null;
}

export const AuditAction = {
  SignInSucceeded: 'auth.sign_in.succeeded',
  SignInFailed: 'auth.sign_in.failed',
  SignInLocked: 'auth.sign_in.locked',
  SignInThrottled: 'auth.sign_in.throttled',
  SignInRefused: 'auth.sign_in.refused',
  SignOut: 'auth.sign_out',
  SessionRefreshReused: 'auth.refresh.reused',
  TotpEnrollmentStarted: 'auth.totp.enrollment_started',
  TotpConfirmed: 'auth.totp.confirmed',
  TotpFailed: 'auth.totp.failed',
  TotpReset: 'auth.totp.reset',
  PasswordChanged: 'staff.password_changed',
  StaffCreated: 'staff.created',
  /** A new member was emailed a single-use link to choose their password (or it was sent again). */
  StaffInvited: 'staff.invited',
  /** The member chose their password with the invitation link. */
  StaffInvitationAccepted: 'staff.invitation_accepted',
  StaffUpdated: 'staff.updated',
  StaffDisabled: 'staff.disabled',
  StaffEnabled: 'staff.enabled',
  StaffUnlocked: 'staff.unlocked',
  TestEmailQueued: 'mail.test_email.queued',
  TicketOpened: 'ticket.opened',
  TicketUpdated: 'ticket.updated',
  TicketStatusChanged: 'ticket.status_changed',
  TicketNoteAdded: 'ticket.note_added',
  CodeSent: 'verification.code_sent',
  CodeVerified: 'verification.verified',
  CodeFailed: 'verification.failed',
  CodeLocked: 'verification.locked',
  AuthenticatorCodeRequested: 'verification.authenticator_requested',
  ManagerApprovalRequested: 'verification.manager_asked',
  ManagerApproved: 'verification.manager_approved',
  ManagerDenied: 'verification.manager_denied',
  AuthenticatorEnrollmentStarted: 'authenticator.enrollment_started',
  AuthenticatorEnrolled: 'authenticator.enrolled',
  AuthenticatorEnrollmentFailed: 'authenticator.enrollment_failed',
  AuthenticatorRemoved: 'authenticator.removed',
  PersonalEmailCodeSent: 'personal_email.code_sent',
  PersonalEmailConfirmFailed: 'personal_email.confirm_failed',
  ResetApprovalRequested: 'reset.approval_requested',
  ResetApproved: 'reset.approved',
  ResetLinkIssued: 'reset.link_issued',
  TemporaryPasswordIssued: 'reset.temporary_issued',
  ResetLinkUsed: 'reset.link_used',
  ResetLinkRefused: 'reset.link_refused',
  /** A finished ticket or a disabled account took its open reset links and codes with it. */
  CredentialsRevoked: 'reset.credentials_revoked',
  PasswordChangeRefused: 'self_service.password_change_refused',
  SelfServiceCodeSent: 'self_service.code_sent',
  SelfServiceCodeFailed: 'self_service.code_failed',
  SelfServiceCodeLocked: 'self_service.code_locked',
  /** A forgot-password verify with no open code to count against (unknown or disabled address, none pending): recorded so refusals cost the same. */
  SelfServiceCodeRefused: 'self_service.code_refused',
  SelfServicePasswordReset: 'self_service.password_reset',
  ChatCommand: 'chat.command',
  AccountCreated: 'account.created',
  AccountUpdated: 'account.updated',
  AccountPasswordSet: 'account.password_set',
  AccountPasswordExpired: 'account.password_expired',
  /** The directory refused a password (its rule is in the details); nothing changed. */
  AccountPasswordRefusedByDirectory: 'account.password_refused_by_directory',
  /** A lockout cleared without a reset: in the directory, and in ResetDesk's status. */
  AccountUnlocked: 'account.unlocked',
  /** A directory write that could not be made (unreachable, timeout, rights): nothing changed, what it claimed was given back. */
  DirectoryWriteFailed: 'directory.write_failed',
  /** A directory write whose process stopped before its outcome was recorded: the holder's password may or may not be the new one. */
  DirectoryWriteOutcomeUnknown: 'directory.write_outcome_unknown',
  ReminderScanCompleted: 'reminders.scan_completed',
  /** One per directory sync, with its counts. */
  DirectorySynced: 'directory.synced',
  DirectorySyncFailed: 'directory.sync_failed',
  AccountsImported: 'accounts.imported',
  PolicyCreated: 'policy.created',
  PolicyUpdated: 'policy.updated',
  PolicyDeleted: 'policy.deleted',
  AuditExported: 'audit.exported',
  AuditVerified: 'audit.verified',
  StatsExported: 'stats.exported',
  NotificationRetried: 'mail.notification.retried',
  NotificationsRetriedAllFailed: 'mail.notifications.retried_all_failed',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, label: 'ResetDesk' };

/** What each action means, as people read it in a ticket's timeline and the audit log. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'auth.sign_in.succeeded': 'Signed in',
  'auth.sign_in.failed': 'Sign-in failed',
  'auth.sign_in.locked': 'Sign-in locked after failures',
  'auth.sign_in.throttled': 'Sign-in throttled',
  'auth.sign_in.refused': 'Sign-in refused',
  'auth.sign_out': 'Signed out',
  'auth.refresh.reused': 'Old session token reused: sessions ended',
  'auth.totp.enrollment_started': 'Two-factor setup started',
  'auth.totp.confirmed': 'Two-factor sign-in turned on',
  'auth.totp.failed': 'Wrong two-factor code',
  'auth.totp.reset': 'Two-factor sign-in reset',
  'staff.password_changed': 'Staff password changed',
  'staff.invited': 'Staff member invited',
  'staff.invitation_accepted': 'Staff invitation accepted',
  'staff.created': 'Staff member created',
  'staff.updated': 'Staff member updated',
  'staff.disabled': 'Staff member disabled',
  'staff.enabled': 'Staff member enabled',
  'staff.unlocked': 'Staff member unlocked',
  'mail.test_email.queued': 'Test email queued',
  'ticket.opened': 'Ticket opened',
  'ticket.updated': 'Ticket updated',
  'ticket.status_changed': 'Status changed',
  'ticket.note_added': 'Note added',
  'verification.code_sent': 'Code sent to the holder',
  'verification.verified': 'Caller verified',
  'verification.failed': 'Wrong code entered',
  'verification.locked': 'Code locked after five wrong tries',
  'verification.authenticator_requested': 'Caller asked for their authenticator code',
  'verification.manager_asked': 'Manager asked to approve the caller',
  'verification.manager_approved': 'Manager approved the caller',
  'verification.manager_denied': 'Manager denied the caller',
  'authenticator.enrollment_started': 'Authenticator enrollment started',
  'authenticator.enrolled': 'Authenticator app enrolled',
  'authenticator.enrollment_failed': 'Wrong code while enrolling an authenticator',
  'authenticator.removed': 'Authenticator app removed',
  'personal_email.code_sent': 'Code sent to confirm a personal email',
  'personal_email.confirm_failed': 'Wrong code while confirming a personal email',
  'reset.approval_requested': 'Approval requested from supervisors',
  'reset.approved': 'Reset approved by a supervisor',
  'reset.link_issued': 'Reset link emailed',
  'reset.temporary_issued': 'Temporary password issued',
  'reset.link_used': 'Holder set a new password with the link',
  'reset.link_refused': 'Reset link refused',
  'reset.credentials_revoked': 'Open codes and links withdrawn',
  'self_service.password_change_refused': 'Password change refused',
  'self_service.code_sent': 'Forgot-password code sent',
  'self_service.code_failed': 'Wrong forgot-password code',
  'self_service.code_locked': 'Forgot-password code locked',
  'self_service.code_refused': 'Forgot-password code refused',
  'self_service.password_reset': 'Holder reset their password by email code',
  'chat.command': 'Chat command',
  'account.created': 'Account created',
  'account.updated': 'Account updated',
  'account.password_set': 'Password set',
  'account.password_expired': 'Password expired',
  'account.password_refused_by_directory': 'Directory refused the password',
  'account.unlocked': 'Account unlocked',
  'directory.write_failed': 'Directory write failed',
  'directory.write_outcome_unknown': 'Directory write outcome unknown',
  'reminders.scan_completed': 'Reminder scan completed',
  'directory.synced': 'Directory synced',
  'directory.sync_failed': 'Directory sync failed',
  'accounts.imported': 'Accounts imported',
  'policy.created': 'Policy created',
  'policy.updated': 'Policy updated',
  'policy.deleted': 'Policy deleted',
  'audit.exported': 'Audit log exported',
  'audit.verified': 'Audit chain verified',
  'stats.exported': 'Dashboard figures exported',
  'mail.notification.retried': 'Email retried',
  'mail.notifications.retried_all_failed': 'All failed emails retried',
};

/** Families of actions, for the audit log's "All resets"-style filter: every action belongs to at least one. */
export const AUDIT_ACTION_GROUPS = {
  'sign-ins': { label: 'All sign-ins', prefixes: ['auth.'] },
  resets: {
    label: 'All resets',
    prefixes: ['reset.', 'self_service.password_reset', 'account.password_set', 'account.password_refused_by_directory', 'chat.'],
  },
  verification: { label: 'All verification codes', prefixes: ['verification.', 'self_service.code_', 'authenticator.', 'personal_email.'] },
  tickets: { label: 'All ticket changes', prefixes: ['ticket.'] },
  accounts: { label: 'All account changes', prefixes: ['account.', 'accounts.', 'self_service.password_change_refused'] },
  staff: { label: 'All staff changes', prefixes: ['staff.'] },
  directory: { label: 'All directory events', prefixes: ['directory.'] },
  mail: { label: 'All email actions', prefixes: ['mail.'] },
  policies: { label: 'All policy changes', prefixes: ['policy.'] },
  review: { label: 'All exports and checks', prefixes: ['audit.', 'stats.', 'reminders.'] },
} as const satisfies Record<string, { label: string; prefixes: readonly string[] }>;
export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUPS;
export const AUDIT_ACTION_GROUP_KEYS = Object.keys(AUDIT_ACTION_GROUPS) as AuditActionGroup[];

/** The actions of a group, as the filter's IN list. */
export function actionsInGroup(group: AuditActionGroup): AuditAction[] {
  const { prefixes } = AUDIT_ACTION_GROUPS[group];
  return Object.values(AuditAction).filter((action) => prefixes.some((prefix: string) => action.startsWith(prefix)));
}

/** What a target type is called in the audit log, before its id or name. */
export const AUDIT_TARGET_LABELS: Record<string, string> = {
  account: 'Account',
  authenticator: 'Authenticator app',
  'personal-email': 'Personal email confirmation',
  'manager-approval': 'Manager approval',
  accounts: 'Accounts',
  staff: 'Staff member',
  ticket: 'Ticket',
  'reset-link': 'Reset link',
  'password-policy': 'Policy',
  notification: 'Email',
  'directory-sync-run': 'Directory sync',
  verification: 'Verification code',
  'self-service-code': 'Self-service code',
  'audit-events': 'Audit log',
  stats: 'Dashboard',
  'reminder-run': 'Reminder run',
};
