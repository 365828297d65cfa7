import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { TicketException } from '../ticket.exception';
import { TicketsRepository } from '../tickets.repository';

/**
 * 404 for a ticket that does not exist, before a server-sent event stream starts: once an SSE handler
 * awaits, Nest may have committed the stream's 200, and a refusal could no longer be told.
 */
@Injectable()
export class TicketExistsGuard implements CanActivate {
  constructor(private readonly tickets: TicketsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const id = Number(context.switchToHttp().getRequest<Request>().params.id);
    // Not an id at all: the route's id pipe answers that with a 400.
    if (!Number.isSafeInteger(id) || id < 1) return true;
    if (!(await this.tickets.findById(id))) throw TicketException.notFound(id);
    return true;
  }
}
