import type { ModuleMetadata, Type } from '@nestjs/common';
import type { AccountEntity } from '@resetdesk/accounts';
import type { RequestContext } from '@resetdesk/core';

/** A contact-support request as the ticket records it; the call-back contact is the requester's word, not verified. */
export interface PortalTicketRequest {
  requestId: string;
  subject: string;
  description: string;
  callbackPhone: string | null;
  callbackEmail: string | null;
}

/**
 * What "contact support" needs from tickets: one portal ticket per request
 * id, or null when it exists already. The tickets lib answers it
 * (`TicketsService`) and the app wires the two (`SelfServiceModule.register`),
 * so self-service builds on resets alone and tickets never learn about it.
 */
export abstract class SupportTickets {
  abstract openFromPortal(account: AccountEntity, request: PortalTicketRequest, context: RequestContext): Promise<number | null>;
}

/** The module that provides the tickets, and the provider that opens them. */
export interface SupportTicketsBinding {
  imports: NonNullable<ModuleMetadata['imports']>;
  useExisting: Type<SupportTickets>;
}
