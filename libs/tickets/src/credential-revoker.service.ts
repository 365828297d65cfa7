import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '@resetdesk/accounts';
import { EntityManager, In } from 'typeorm';
import { ResetTokenEntity } from './reset-token.entity';
import { TicketEntity, VerificationChallengeEntity } from './ticket.entity';

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
  constructor(private readonly accounts: AccountsService) {}

  onModuleInit(): void {
    // Disabling an account revokes what a reset would: its links, its ticket codes and its forgot-password codes.
    this.accounts.onDisabled((manager, accountId, now) => this.revokeAll(manager, accountId, now));
  }

  async revokeAll(manager: EntityManager, accountId: number, now: Date): Promise<RevokedCredentials> {
    const links = await this.revokeLinks(manager, 'account_id', accountId, now);
    const codes = await this.supersedeCodes(manager, { accountId });
    // Forgot-password codes live with self-service; they go too (plain SQL: this module does not own that table).
    const selfService: { affectedRows?: number } = await manager.query(
      "UPDATE self_service_codes SET status = 'superseded' WHERE account_id = ? AND status = 'pending'",
      [accountId],
    );
    return { links, codes: codes + (selfService.affectedRows ?? 0) };
  }

  /**
   * A ticket that is finished (closed, cancelled, resolved) can no longer
   * lead to a reset: its unused links and open codes stop working. The
   * account's other tickets and self-service codes are left alone.
   */
  async revokeForTicket(manager: EntityManager, ticketId: number, now: Date): Promise<RevokedCredentials> {
    return { links: await this.revokeLinks(manager, 'ticket_id', ticketId, now), codes: await this.supersedeCodes(manager, { ticketId }) };
  }

  private async revokeLinks(manager: EntityManager, column: 'account_id' | 'ticket_id', id: number, now: Date): Promise<number> {
    const revoked = await manager
      .createQueryBuilder()
      .update(ResetTokenEntity)
      .set({ revokedAt: now })
      .where(`${column} = :id AND used_at IS NULL AND revoked_at IS NULL`, { id })
      .execute();
    return revoked.affected ?? 0;
  }

  private async supersedeCodes(manager: EntityManager, owner: { accountId: number } | { ticketId: number }): Promise<number> {
    return (
      (await manager.getRepository(VerificationChallengeEntity).update({ ...owner, status: 'pending' }, { status: 'superseded' }))
        .affected ?? 0
    );
  }

  /** Tickets that waited for the holder to set a password of their own (`reset_sent`) are resolved; returns their ids. */
  async resolveWaitingTickets(manager: EntityManager, accountId: number, now: Date, onlyTicketId?: number | null): Promise<number[]> {
    const waiting = await manager.getRepository(TicketEntity).find({
      where: { accountId, status: 'reset_sent', ...(onlyTicketId ? { id: onlyTicketId } : {}) },
      select: { id: true },
      lock: { mode: 'pessimistic_write' },
    });
    const ids = waiting.map((ticket) => ticket.id);
    if (ids.length > 0)
      await manager
        .getRepository(TicketEntity)
        .update({ id: In(ids), status: 'reset_sent' }, { status: 'resolved', resolvedAt: now, updatedAt: now });
    return ids;
  }
}
