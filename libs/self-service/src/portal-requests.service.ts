import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  addWithinTime,
  Clock,
  DataCipher,
  mailConfig,
  MailConfigType,
  OUTBOX_SWEEP_PAGE,
  QueueName,
  requeueStalePages,
  SelfServiceJobName,
  RequestContext,
} from '@resetdesk/core';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PortalRequestJobData, selfServiceJobOptions } from './jobs/self-service-job.types';
import { PORTAL_REQUEST_KINDS, PortalRequestKind } from './portal-request.entity';
import { PortalRequestsRepository } from './portal-requests.repository';

/** What each kind of request carries (stored encrypted), besides the client it came from. */
export interface PortalRequestPayloads {
  'forgot-password': { email: string };
  'contact-support': {
    email: string;
    subject: string;
    description: string;
    /** A way back the requester gave besides the account's mailbox (not verified). */
    callbackPhone: string | null;
    callbackEmail: string | null;
  };
}

/** A request the worker answers: its row id, its request id, what was typed and the client. */
export type PortalRequest<K extends PortalRequestKind> = PortalRequestPayloads[K] & {
  id: number;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
};

type Stored<K extends PortalRequestKind> = PortalRequestPayloads[K] & { ip: string | null; userAgent: string | null };

/** Each kind's job, and how long an unanswered request is still worth answering. */
const KINDS: Record<PortalRequestKind, { job: SelfServiceJobName; jobPrefix: string; maxAgeMs: number }> = {
  // The hourly limit's window: past it the holder has long asked again, and a code that late would only confuse.
  'forgot-password': { job: SelfServiceJobName.SendForgotPasswordCode, jobPrefix: 'forgot', maxAgeMs: 3_600_000 },
  // Someone asked for help: a ticket a day late is still better than none.
  'contact-support': { job: SelfServiceJobName.OpenSupportTicket, jobPrefix: 'support', maxAgeMs: 24 * 3_600_000 },
};

/** Finished requests are deleted after a day. */
const RETENTION_MS = 24 * 3_600_000;

export function portalJobId(kind: PortalRequestKind, requestId: string): string {
  return `${KINDS[kind].jobPrefix}-${requestId}`;
}

/**
 * The portal's outbox: a request is a database row before the API answers
 * 202, and the queued job carries only its id. A job lost with Redis is
 * queued again by the sweeper (rows still `queued` after
 * OUTBOX_SWEEP_AFTER_MS), like the mail outbox.
 */
@Injectable()
export class PortalRequests {
  private readonly logger = new Logger(PortalRequests.name);

  constructor(
    private readonly requests: PortalRequestsRepository,
    private readonly cipher: DataCipher,
    private readonly clock: Clock,
    @InjectQueue(QueueName.SelfService) private readonly queue: Queue<PortalRequestJobData>,
    @Inject(mailConfig.KEY) private readonly mail: MailConfigType,
  ) {}

  /** The same row and the same job for every address, known or not. */
  async submit<K extends PortalRequestKind>(kind: K, payload: PortalRequestPayloads[K], context: RequestContext): Promise<void> {
    const requestId = randomUUID();
    const stored: Stored<K> = { ...payload, ip: context.ip, userAgent: context.userAgent };
    await this.requests.insert(kind, requestId, this.cipher.encryptJson(stored), this.clock.now());
    await this.dispatch([{ kind, requestId }]);
  }

  /** The request if it still waits for an answer; null once answered (a job that ran twice). */
  async open<K extends PortalRequestKind>(kind: K, requestId: string): Promise<PortalRequest<K> | null> {
    const row = await this.requests.findQueued(kind, requestId);
    if (!row) return null;
    return { id: row.id, requestId: row.requestId, ...this.cipher.decryptJson<Stored<K>>(row.payload) } as PortalRequest<K>;
  }

  markAnswered(request: { id: number }, manager?: EntityManager): Promise<void> {
    return this.requests.markProcessed(request.id, this.clock.now(), manager);
  }

  /** Never throws: a request whose job missed the queue is picked up by the sweeper. */
  private async dispatch(requests: Array<{ kind: PortalRequestKind; requestId: string }>): Promise<void> {
    try {
      await this.addJobs(requests);
    } catch (error) {
      this.logger.warn(`Could not queue ${requests.length} portal request(s); the sweeper will retry: ${String(error)}`);
    }
  }

  private async addJobs(requests: Array<{ kind: PortalRequestKind; requestId: string }>): Promise<void> {
    await addWithinTime(
      this.queue.addBulk(
        requests.map(({ kind, requestId }) => ({
          name: KINDS[kind].job,
          data: { requestId },
          opts: selfServiceJobOptions(portalJobId(kind, requestId)),
        })),
      ),
    );
  }

  /** Gives up requests past their kind's age, re-queues the stale ones (adding a job that still exists is a no-op), deletes finished ones after a day. */
  async sweep(): Promise<{ requeued: number; expired: number }> {
    const now = this.clock.now();
    let expired = 0;
    for (const kind of PORTAL_REQUEST_KINDS) {
      expired += await this.requests.expireCreatedBefore(kind, new Date(now.getTime() - KINDS[kind].maxAgeMs), now);
    }
    const cutoff = new Date(now.getTime() - this.mail.sweepAfterMs);
    const requeued = await requeueStalePages(
      (limit) => this.requests.findStaleQueued(cutoff, limit),
      async (stale) => {
        await this.addJobs(stale);
        await this.requests.touchQueuedAt(
          stale.map((row) => row.id),
          now,
        );
      },
    );
    await this.requests.deleteFinishedBefore(new Date(now.getTime() - RETENTION_MS), OUTBOX_SWEEP_PAGE * 10);
    if (requeued > 0) this.logger.log(`Portal request sweeper re-queued ${requeued} request(s)`);
    if (expired > 0) this.logger.warn(`${expired} portal request(s) went unanswered too long and were given up`);
    return { requeued, expired };
  }
}
