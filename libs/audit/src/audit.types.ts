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
