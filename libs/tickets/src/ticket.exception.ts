import { DomainException } from '@resetdesk/core';

export const TicketErrorCode = {
  NotFound: 'TICKET_NOT_FOUND',
  IllegalMove: 'TICKET_ILLEGAL_STATUS_MOVE',
  AccountNotFound: 'TICKET_ACCOUNT_NOT_FOUND',
  AssigneeNotFound: 'TICKET_ASSIGNEE_NOT_FOUND',
} as const;
export type TicketErrorCode = (typeof TicketErrorCode)[keyof typeof TicketErrorCode];

export class TicketException extends DomainException<TicketErrorCode> {
  protected readonly statusByCode: Record<TicketErrorCode, number> = {
    TICKET_NOT_FOUND: 404,
    TICKET_ILLEGAL_STATUS_MOVE: 409,
    TICKET_ACCOUNT_NOT_FOUND: 422,
    TICKET_ASSIGNEE_NOT_FOUND: 422,
  };

  static notFound(id: number): TicketException {
    return new TicketException(TicketErrorCode.NotFound, `Ticket ${id} does not exist`);
  }
}
