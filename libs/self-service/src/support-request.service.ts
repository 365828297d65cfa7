import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '@resetdesk/accounts';
import { RateLimit, RateLimiter, RequestContext } from '@resetdesk/core';
import { SupportRequestDto } from './dto/support-request.dto';
import { PortalRequestJobData } from './jobs/self-service-job.types';
import { PortalRequest, PortalRequests } from './portal-requests.service';
import { enforceLimit } from './self-service.limits';
import { SupportTickets } from './support-tickets';

export const SUPPORT_HOURLY: RateLimit = { bucket: 'contact-support:hourly', limit: 3, windowSeconds: 3600 };
/** Tickets (and emails to the holder) per account, whichever spelling of its address asked. */
export const SUPPORT_ACCOUNT_HOURLY: RateLimit = { bucket: 'contact-support:account', limit: 3, windowSeconds: 3600 };

/** A contact-support job as releases before portal_requests queued it: the whole request in Redis. */
interface LegacySupportJobData {
  requestId: string;
  email: string;
  subject: string;
  description: string;
  ip: string | null;
  userAgent: string | null;
}

/** Blank optional fields are not given. */
const given = (value: string | undefined): string | null => value?.trim() || null;

/**
 * "Contact support" on the portal. Like forgot-password, the API answers
 * the same for every address and writes the request as a row; the worker
 * opens a ticket only when the address belongs to an account, and the reply
 * goes to that account's address. A request lost with Redis is queued again
 * by the portal request sweeper.
 */
@Injectable()
export class SupportRequestService {
  constructor(
    private readonly requests: PortalRequests,
    private readonly accounts: AccountsRepository,
    private readonly tickets: SupportTickets,
    private readonly limiter: RateLimiter,
  ) {}

  async request(dto: SupportRequestDto, context: RequestContext): Promise<void> {
    await enforceLimit(
      this.limiter,
      SUPPORT_HOURLY,
      dto.email,
      (wait) => `Several requests came from this address already; try again in ${Math.ceil(wait / 60)} min`,
    );
    await this.requests.submit(
      'contact-support',
      {
        email: dto.email.trim(),
        subject: dto.subject.trim(),
        description: dto.description?.trim() ?? '',
        callbackPhone: given(dto.callbackPhone),
        callbackEmail: given(dto.callbackEmail),
      },
      context,
    );
  }

  /** Worker side: a ticket for the account using this address, if there is one. Safe to run twice for one request. */
  async openTicket(
    job: PortalRequestJobData | LegacySupportJobData,
  ): Promise<'opened' | 'no-account' | 'account-limit' | 'already-done' | 'stored'> {
    // Queued by a release before requests were rows: kept as a row now, and answered from it like any other.
    if ('email' in job) {
      await this.requests.submit(
        'contact-support',
        { email: job.email, subject: job.subject, description: job.description, callbackPhone: null, callbackEmail: null },
        { ip: job.ip, userAgent: job.userAgent },
      );
      return 'stored';
    }
    const request = await this.requests.open('contact-support', job.requestId);
    if (!request) return 'already-done';
    const outcome = await this.answer(request);
    await this.requests.markAnswered(request);
    return outcome;
  }

  private async answer(request: PortalRequest<'contact-support'>) {
    const account = await this.accounts.findByEmail(request.email);
    if (!account || account.status === 'disabled') return 'no-account' as const;
    // Counted here, not in the API, so the answer stays the same for known and unknown addresses.
    if (!(await this.limiter.hit(SUPPORT_ACCOUNT_HOURLY, String(account.id))).allowed) return 'account-limit' as const;
    const ticketId = await this.tickets.openFromPortal(account, request, { ip: request.ip, userAgent: request.userAgent });
    return ticketId === null ? ('already-done' as const) : ('opened' as const);
  }
}
