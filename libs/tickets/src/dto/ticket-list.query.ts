import { Filters, ListSpec } from '@resetdesk/core';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES, TicketChannel, TicketPriority, TicketStatus } from '../ticket.entity';

export interface TicketListFilter {
  id: number[];
  q: string;
  status: TicketStatus;
  channel: TicketChannel;
  priority: TicketPriority;
  assigneeId: number[];
  accountId: number[];
  /** Only tickets assigned to the caller. */
  mine: boolean;
  /** Only tickets nobody has taken yet (e.g. opened from the portal). */
  unassigned: boolean;
  /** Only tickets not finished (not resolved, closed or cancelled). */
  active: boolean;
  /** Only verified tickets whose agent asked supervisors to approve the reset, not yet answered. */
  awaitingApproval: boolean;
  createdFrom: Date;
  createdTo: Date;
  /** Resolved in [resolvedFrom, resolvedTo): the dashboard's "resolved" figures open this list. */
  resolvedFrom: Date;
  resolvedTo: Date;
  /** Last changed before then: the dashboard's "stale in verifying / reset sent" figures open this list. */
  updatedTo: Date;
}

export const ticketListSpec: ListSpec<TicketListFilter> = {
  resource: 'tickets',
  sortable: ['id', 'createdAt', 'updatedAt', 'status', 'priority', 'subject'],
  defaultSort: { field: 'id', order: 'DESC' },
  filters: {
    id: Filters.ids(),
    q: Filters.text(),
    status: Filters.oneOf(TICKET_STATUSES),
    channel: Filters.oneOf(TICKET_CHANNELS),
    priority: Filters.oneOf(TICKET_PRIORITIES),
    assigneeId: Filters.ids(),
    accountId: Filters.ids(),
    mine: Filters.bool(),
    unassigned: Filters.bool(),
    active: Filters.bool(),
    awaitingApproval: Filters.bool(),
    createdFrom: Filters.dateTime(),
    createdTo: Filters.dateTime(),
    resolvedFrom: Filters.dateTime(),
    resolvedTo: Filters.dateTime(),
    updatedTo: Filters.dateTime(),
  },
};
