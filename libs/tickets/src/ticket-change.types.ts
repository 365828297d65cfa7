/**
 * What an open ticket page is told when its ticket changes (the admin UI imports this file): which audit actions
 * the change recorded, who made it, and one line for a person to read. A hint to reload, never the record itself.
 */
export interface TicketChange {
  ticketId: number;
  /** The audit actions of the change, in the order they were recorded (`reset.link_used`, `ticket.status_changed`). */
  actions: string[];
  /** The status the change moved the ticket to, when it moved it. */
  status: string | null;
  actor: { type: 'staff' | 'account' | 'system' | 'anonymous'; id: number | null; name: string | null };
  /** "Caller set a new password — ticket resolved", "Approved by Sam Lee". */
  announcement: string;
  occurredAt: string;
}

/** The server-sent events of `GET /api/tickets/:id/events`. */
export type TicketEventName = 'ready' | 'change' | 'heartbeat';
