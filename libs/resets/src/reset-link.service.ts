import { Injectable } from '@nestjs/common';
import { accountActor, AccountEntity, AccountsRepository, PasswordCheckTokens, PasswordSetter } from '@resetdesk/accounts';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, RequestContext } from '@resetdesk/core';
import { PoliciesService } from '@resetdesk/policies';
import { FINISHED_STATUSES, TicketEntity, TicketsRepository } from '@resetdesk/tickets';
import { DataSource } from 'typeorm';
import { ResetLinkInfoDto } from './dto/reset.dto';
import { ResetCompletion } from './reset-completion.service';
import { hashResetToken, ResetTokenEntity } from './reset-token.entity';
import { ResetErrorCode, ResetException } from './reset.exception';
import { ResetsRepository } from './resets.repository';

/**
 * The account holder's side of a reset link: look at it, then use it once
 * to set a new password. Using it revokes every other link and code, sends
 * the confirmation and resolves the ticket, all in one transaction.
 */
@Injectable()
export class ResetLinkService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tickets: TicketsRepository,
    private readonly links: ResetsRepository,
    private readonly passwords: PasswordSetter,
    private readonly policies: PoliciesService,
    private readonly completion: ResetCompletion,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly checkTokens: PasswordCheckTokens,
  ) {}

  /** What the reset page needs to show the account's own checklist; 410 when the link cannot be used. */
  async inspect(token: string): Promise<ResetLinkInfoDto> {
    const { link, account } = await this.usable(token, null);
    const policy = await this.policies.resolve(account.policyId);
    const { checkToken } = this.checkTokens.issue(account, { kind: 'link', id: link.id }, link.expiresAt);
    return {
      username: account.username,
      displayName: account.displayName,
      policyId: policy.id,
      expiresAt: link.expiresAt.toISOString(),
      checkToken,
    };
  }

  async redeem(token: string, newPassword: string, context: RequestContext): Promise<void> {
    const { link, account } = await this.usable(token, context);
    const now = this.clock.now();
    await this.passwords.setPassword(account, newPassword, {
      actor: accountActor(account),
      context,
      reason: 'reset-link',
      ticketId: link.ticketId,
      issuedByStaffId: link.issuedByStaffId,
      approvedByStaffId: link.approvedByStaffId,
      claim: async (manager) => {
        // Checked again under the ticket's lock: a close that committed since the first look wins.
        const ticket = link.ticketId ? await this.tickets.findForUpdate(manager, link.ticketId) : null;
        if (ticket && FINISHED_STATUSES.includes(ticket.status)) throw gone(ticketFinished(ticket));
        // One conditional UPDATE: of two uses of one link, the second finds it used.
        if (!(await this.links.claim(manager, link.id, now)))
          throw gone('This reset link has just been used; ask support for a new one if that was not you');
      },
      // The directory refused the password or was away: the link works again, for a better password or a later
      // try — unless a newer link was sent meanwhile (revoking skips a claimed link), which then replaces it.
      release: async (manager) => {
        const newer = await this.links.hasNewerLink(manager, link);
        await this.links.release(manager, link.id, now, newer);
      },
      alsoInTransaction: async (manager) => {
        const completed = await this.completion.complete(manager, account, now, context, link.ticketId);
        await this.audit.record(manager, {
          actor: accountActor(account),
          action: AuditAction.ResetLinkUsed,
          target: { type: 'reset-link', id: link.id },
          ticketId: link.ticketId,
          accountId: account.id,
          context,
          details: { ticketResolved: completed.resolvedTickets.length > 0, revokedLinks: completed.links, revokedCodes: completed.codes },
        });
      },
    });
  }

  /**
   * The link and its account, or 410 saying why not. Refusals of a real
   * link are audited when someone tries to use it (`context` given).
   */
  /** Whether link `id` of this account could still be used (what a check token resting on it needs). */
  async isOpen(id: number, accountId: number): Promise<boolean> {
    const link = await this.links.findById(id);
    return !!link && link.accountId === accountId && (await this.linkRefusal(link)).reason === null;
  }

  /** Why a link cannot be used, looking at its ticket too (a finished ticket stops its links, revoked or not). */
  private async linkRefusal(link: ResetTokenEntity): Promise<{ reason: string | null; ticketDone: TicketEntity | null }> {
    const ticket = link.ticketId && !link.usedAt ? await this.tickets.findById(link.ticketId) : null;
    const ticketDone = ticket && FINISHED_STATUSES.includes(ticket.status) ? ticket : null;
    const reason = link.usedAt
      ? 'used'
      : ticketDone
        ? 'ticket-finished'
        : link.revokedAt
          ? 'replaced'
          : link.expiresAt <= this.clock.now()
            ? 'expired'
            : null;
    return { reason, ticketDone };
  }

  private async usable(token: string, context: RequestContext | null): Promise<{ link: ResetTokenEntity; account: AccountEntity }> {
    const link = await this.links.findByTokenHash(hashResetToken(token));
    if (!link) throw gone('This reset link is not valid; check that the whole address was copied, or ask support for a new one');
    const { reason, ticketDone } = await this.linkRefusal(link);
    const account = reason ? null : await this.accounts.findById(link.accountId);
    const refusal = reason ?? (!account || account.status === 'disabled' ? 'account-disabled' : null);
    if (!refusal) return { link, account: account! };

    if (context) {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, {
          actor: { type: 'anonymous', id: null, label: null },
          action: AuditAction.ResetLinkRefused,
          target: { type: 'reset-link', id: link.id },
          ticketId: link.ticketId,
          accountId: link.accountId,
          context,
          details: { reason: refusal, ...(ticketDone ? { ticketStatus: ticketDone.status } : {}) },
        }),
      );
    }
    throw gone(ticketDone ? ticketFinished(ticketDone) : REFUSALS[refusal as keyof typeof REFUSALS]);
  }
}

function ticketFinished(ticket: TicketEntity): string {
  return `This reset link belongs to support ticket #${ticket.id}, which is ${ticket.status}; contact support if you still need help`;
}

const REFUSALS: Record<'used' | 'replaced' | 'expired' | 'account-disabled', string> = {
  used: 'This reset link was already used; ask support for a new one if you still cannot sign in',
  replaced: 'This reset link was replaced by a newer one or the password was already reset; use the latest email',
  expired: 'This reset link has expired; ask support for a new one',
  'account-disabled': 'This account is disabled; contact support',
};

function gone(message: string): ResetException {
  return new ResetException(ResetErrorCode.LinkInvalid, message);
}
