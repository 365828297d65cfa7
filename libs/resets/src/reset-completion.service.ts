import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import type { RequestContext } from '@resetdesk/core';
import { OutboxService } from '@resetdesk/mail';
import { EntityManager } from 'typeorm';
import { CredentialRevoker, RevokedCredentials } from './credential-revoker.service';

export interface CompletedReset extends RevokedCredentials {
  /** Tickets that waited for this reset and are resolved now. */
  resolvedTickets: number[];
}

/**
 * What follows every reset the holder makes (reset link, forgot password,
 * change password, chat), inside that reset's transaction: other links and
 * codes revoked, waiting tickets resolved, "Password reset successful" queued.
 */
@Injectable()
export class ResetCompletion {
  constructor(
    private readonly revoker: CredentialRevoker,
    private readonly outbox: OutboxService,
    private readonly audit: AuditRecorder,
  ) {}

  async complete(
    manager: EntityManager,
    account: AccountEntity,
    now: Date,
    context: RequestContext | null,
    onlyTicketId?: number | null,
  ): Promise<CompletedReset> {
    const revoked = await this.revoker.revokeAll(manager, account.id, now);
    const resolvedTickets = await this.revoker.resolveWaitingTickets(manager, account.id, now, onlyTicketId);
    // Each ticket's own trail says it was resolved, and by whom: its page and timeline learn it from there.
    await this.audit.recordMany(
      manager,
      resolvedTickets.map((ticketId) => ({
        actor: accountActor(account),
        action: AuditAction.TicketStatusChanged,
        target: { type: 'ticket', id: ticketId },
        ticketId,
        accountId: account.id,
        context,
        details: { from: 'reset_sent', to: 'resolved', reason: 'the holder set a new password' },
      })),
    );
    await this.outbox.enqueue(manager, {
      kind: 'reset-confirmation',
      to: account.email,
      accountId: account.id,
      data: { displayName: account.displayName, changedAt: now.toISOString(), ticketId: onlyTicketId ?? resolvedTickets[0] ?? null },
    });
    return { ...revoked, resolvedTickets };
  }
}
