import { AuditAction } from '@resetdesk/audit';
import type { TicketChange } from '../ticket-change.types';

type Wording = (who: string, change: Pick<TicketChange, 'status' | 'actor'>) => string;

/** Statuses as a person says them after "ticket". */
const STATUS_WORDS: Record<string, string> = {
  open: 'reopened',
  verifying: 'waiting for the caller’s code',
  verified: 'verified',
  reset_sent: 'reset sent',
  resolved: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
};

/**
 * The line for each action, most telling first: a change that recorded several actions (the holder's reset
 * resolved the ticket too) is announced by the first of them found here.
 */
const WORDING: Array<[string, Wording]> = [
  [AuditAction.ResetLinkUsed, (_, change) => `Caller set a new password${change.status === 'resolved' ? ' — ticket resolved' : ''}`],
  [AuditAction.AccountPasswordRefusedByDirectory, () => 'The directory refused the new password'],
  [AuditAction.DirectoryWriteFailed, () => 'The directory could not be updated; nothing changed'],
  [AuditAction.ResetApproved, (who) => `Approved by ${who}`],
  [AuditAction.ResetApprovalRequested, (who) => `${who} asked supervisors to approve the reset`],
  [AuditAction.ResetLinkIssued, (who) => `${who} sent a reset link`],
  [AuditAction.TemporaryPasswordIssued, (who) => `${who} issued a temporary password`],
  [AuditAction.CodeLocked, () => 'Five wrong codes: the code is locked'],
  [AuditAction.ManagerDenied, () => 'The manager said the caller is not the holder: verification ended'],
  [AuditAction.ManagerApproved, () => 'The manager approved the caller: verified'],
  [AuditAction.ManagerApprovalRequested, (who) => `${who} asked the manager to approve the caller`],
  [AuditAction.CodeVerified, () => 'The caller’s code was verified'],
  [AuditAction.CodeFailed, () => 'A wrong code was entered'],
  [AuditAction.CodeSent, (who) => `${who} sent a code`],
  [AuditAction.TicketNoteAdded, (who) => `${who} added a note`],
  [
    AuditAction.TicketStatusChanged,
    (who, change) =>
      // The holder's own reset (forgot password, chat, change password) resolves the ticket that waited for it.
      change.actor.type === 'account' && change.status === 'resolved'
        ? 'Caller set a new password — ticket resolved'
        : `${who} moved the ticket to ${STATUS_WORDS[change.status ?? ''] ?? change.status}`,
  ],
  [AuditAction.TicketUpdated, (who) => `${who} updated the ticket`],
  [AuditAction.CredentialsRevoked, () => 'Open codes and reset links were withdrawn'],
];

/** One line for the change, naming who made it when it was a person at the desk. */
export function announceTicketChange(change: Pick<TicketChange, 'actions' | 'status' | 'actor'>): string {
  const who =
    change.actor.type === 'staff' ? (change.actor.name ?? 'A colleague') : change.actor.type === 'account' ? 'The caller' : 'ResetDesk';
  for (const [action, wording] of WORDING) if (change.actions.includes(action)) return wording(who, change);
  return change.status ? `Ticket ${STATUS_WORDS[change.status] ?? change.status}` : 'The ticket changed';
}
