import type { ModuleMetadata, Type } from '@nestjs/common';
import type { AccountEntity } from '@resetdesk/accounts';
import type { RequestContext } from '@resetdesk/core';

/**
 * What "contact support" needs from tickets: one portal ticket per request
 * id, or null when it exists already. The tickets lib answers it
 * (`TicketsService`) and the app wires the two (`SelfServiceModule.register`),
 * so self-service builds on resets alone and tickets never learn about it.
 */
export abstract class SupportTickets {
  abstract openFromPortal(
    account: AccountEntity,
    request: { requestId: string; subject: string; description: string },
    context: RequestContext,
  ): Promise<number | null>;
}

/** The module that provides the tickets, and the provider that opens them. */
export interface SupportTicketsBinding {
  imports: NonNullable<ModuleMetadata['imports']>;
  useExisting: Type<SupportTickets>;
}
