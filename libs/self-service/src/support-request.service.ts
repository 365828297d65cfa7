import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '@resetdesk/accounts';
import { QueueName, RateLimit, RateLimiter, SelfServiceJobName, RequestContext } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { SupportRequestDto } from './dto/support-request.dto';
import { selfServiceJobOptions, SupportTicketJobData } from './jobs/self-service-job.types';
import { enforceLimit } from './self-service.limits';
import { SupportTickets } from './support-tickets';

export const SUPPORT_HOURLY: RateLimit = { bucket: 'contact-support:hourly', limit: 3, windowSeconds: 3600 };
/** Tickets (and emails to the holder) per account, whichever spelling of its address asked. */
export const SUPPORT_ACCOUNT_HOURLY: RateLimit = { bucket: 'contact-support:account', limit: 3, windowSeconds: 3600 };

/**
 * "Contact support" on the portal. Like forgot-password, the API answers
 * the same for every address and the worker opens a ticket only when the
 * address belongs to an account; the reply goes to that account's address.
 */
@Injectable()
export class SupportRequestService {
  constructor(
    @InjectQueue(QueueName.SelfService) private readonly queue: Queue<SupportTicketJobData>,
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
    const requestId = randomUUID();
    await this.queue.add(
      SelfServiceJobName.OpenSupportTicket,
      {
        requestId,
        email: dto.email.trim(),
        subject: dto.subject.trim(),
        description: dto.description?.trim() ?? '',
        ip: context.ip,
        userAgent: context.userAgent,
      },
      selfServiceJobOptions(`support-${requestId}`),
    );
  }

  /** Worker side. */
  async openTicket(job: SupportTicketJobData): Promise<'opened' | 'no-account' | 'account-limit' | 'already-done'> {
    const account = await this.accounts.findByEmail(job.email);
    if (!account || account.status === 'disabled') return 'no-account';
    // Counted here, not in the API, so the answer stays the same for known and unknown addresses.
    if (!(await this.limiter.hit(SUPPORT_ACCOUNT_HOURLY, String(account.id))).allowed) return 'account-limit';
    const ticketId = await this.tickets.openFromPortal(account, job, { ip: job.ip, userAgent: job.userAgent });
    return ticketId === null ? 'already-done' : 'opened';
  }
}
