import { TicketStatus } from './ticket.entity';

/**
 * Every move a ticket can make. The verification and reset steps
 * (open → verifying → verified → reset_sent → resolved) are made by the
 * system as codes and resets happen; people may also cancel, close, resolve
 * a ticket whose reset was sent, and reopen a finished one.
 */
export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['verifying', 'cancelled', 'closed'],
  verifying: ['verified', 'open', 'cancelled', 'closed'],
  verified: ['reset_sent', 'verifying', 'cancelled', 'closed'],
  // A new code after a reset: the holder lost the link or the temporary password, so verify again.
  reset_sent: ['resolved', 'verifying', 'closed'],
  resolved: ['closed', 'open'],
  closed: ['open'],
  cancelled: ['open'],
};

/** Moves people may ask for through the API (the others follow verification and resets). */
export const MANUAL_STATUSES: readonly TicketStatus[] = ['open', 'resolved', 'closed', 'cancelled'];

/** The moves a person may make on a ticket in this status now (what PUT /api/tickets/:id accepts as `status`). */
export function manualMoves(from: TicketStatus): TicketStatus[] {
  return TICKET_TRANSITIONS[from].filter((to) => MANUAL_STATUSES.includes(to));
}

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

export const FINISHED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];
