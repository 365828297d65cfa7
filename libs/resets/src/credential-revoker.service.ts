import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { staffActor } from '@resetdesk/staff';
import { FinishedTicket, TicketsRepository, TicketsService } from '@resetdesk/tickets';
import { VerificationRepository } from '@resetdesk/verification';
import { EntityManager } from 'typeorm';
import { ResetsRepository } from './resets.repository';

export interface RevokedCredentials {
  links: number;
  codes: number;
}

/**
 * After any reset only the new password counts: the account's unused reset
 * links and pending codes stop working, and tickets waiting for the holder
 * are resolved — all in the reset's own transaction.
 */
@Injectable()
export class CredentialRevoker implements OnModuleInit {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ticketsService: TicketsService,
    private readonly tickets: TicketsRepository,
    private readonly links: ResetsRepository,
    private readonly challenges: VerificationRepository,
    private readonly audit: AuditRecorder,
  ) {}

  onModuleInit(): void {
    // Disabling an account revokes what a reset would: its links, its ticket codes and its forgot-password codes.
    this.accounts.onDisabled((manager, accountId, now) => this.revokeAll(manager, accountId, now));
    this.ticketsService.onFinished((manager, finished) => this.revokeForFinishedTicket(manager, finished));
  }

  async revokeAll(manager: EntityManager, accountId: number, now: Date): Promise<RevokedCredentials> {
    const links = await this.links.revokeUnused(manager, { accountId }, now);
    const codes = await this.challenges.supersedePending(manager, { accountId });
    // Forgot-password codes live with self-service; they go too.
    const selfService = await this.links.supersedeSelfServiceCodes(manager, accountId);
    return { links, codes: codes + selfService };
  }

  /**
   * A ticket that is finished (closed, cancelled, resolved) can no longer
   * lead to a reset: its unused links and open codes stop working. The
   * account's other tickets and self-service codes are left alone.
   */
  async revokeForTicket(manager: EntityManager, ticketId: number, now: Date): Promise<RevokedCredentials> {
    return {
      links: await this.links.revokeUnused(manager, { ticketId }, now),
      codes: await this.challenges.supersedePending(manager, { ticketId }),
    };
  }

  /** Tickets that waited for the holder to set a password of their own (`reset_sent`) are resolved; returns their ids. */
  resolveWaitingTickets(manager: EntityManager, accountId: number, now: Date, onlyTicketId?: number | null): Promise<number[]> {
    return this.tickets.resolveWaitingForReset(manager, accountId, now, onlyTicketId);
  }

  /** Closing, cancelling or resolving a ticket stops its reset: an agent who spots an impostor closes the ticket and the link or code dies with it. */
  private async revokeForFinishedTicket(manager: EntityManager, { actor, ticket, status, now, context }: FinishedTicket): Promise<void> {
    const revoked = await this.revokeForTicket(manager, ticket.id, now);
    if (revoked.links + revoked.codes === 0) return;
    await this.audit.record(manager, {
      actor: staffActor(actor),
      action: AuditAction.CredentialsRevoked,
      target: { type: 'ticket', id: ticket.id },
      ticketId: ticket.id,
      accountId: ticket.accountId,
      context,
      details: { reason: `ticket-${status}`, revokedLinks: revoked.links, revokedCodes: revoked.codes },
    });
  }
}
