import { DomainException } from '@resetdesk/core';

export const TicketErrorCode = {
  /** No ticket has this id. */
  NotFound: 'TICKET_NOT_FOUND',
  /** The ticket cannot move from its status to the one asked for. */
  IllegalMove: 'TICKET_ILLEGAL_STATUS_MOVE',
  /** The account named for the ticket does not exist. */
  AccountNotFound: 'TICKET_ACCOUNT_NOT_FOUND',
  /** The assignee is not an active staff member. */
  AssigneeNotFound: 'TICKET_ASSIGNEE_NOT_FOUND',
  /** A code was already sent for the ticket (or it moved on): its account can no longer be changed. */
  AccountFixed: 'TICKET_ACCOUNT_FIXED',
  /** The member already holds as many live ticket streams on this instance as allowed. */
  TooManyStreams: 'TICKET_STREAMS_LIMIT',
} as const;
export type TicketErrorCode = (typeof TicketErrorCode)[keyof typeof TicketErrorCode];

export class TicketException extends DomainException<TicketErrorCode> {
  protected readonly statusByCode: Record<TicketErrorCode, number> = {
    TICKET_NOT_FOUND: 404,
    TICKET_ILLEGAL_STATUS_MOVE: 409,
    TICKET_ACCOUNT_NOT_FOUND: 422,
    TICKET_ASSIGNEE_NOT_FOUND: 422,
    TICKET_STREAMS_LIMIT: 429,
    TICKET_ACCOUNT_FIXED: 409,
  };

  static notFound(id: number): TicketException {
    return new TicketException(TicketErrorCode.NotFound, `Ticket ${id} does not exist`);
  }
}
