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
import { ForgotPasswordRequestsRepository } from './forgot-password-requests.repository';
import { ForgotPasswordJobData, selfServiceJobOptions } from './jobs/self-service-job.types';

/** What the worker needs to answer a request; stored encrypted. */
export interface ForgotPasswordRequest {
  id: number;
  requestId: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

type StoredRequest = Omit<ForgotPasswordRequest, 'id' | 'requestId'>;

/** Past this a queued request is given up (the hourly limit's window: the holder has long asked again). */
export const FORGOT_REQUEST_MAX_AGE_MS = 3_600_000;
/** Finished requests are deleted after a day. */
const FORGOT_REQUEST_RETENTION_MS = 24 * 3_600_000;

export function forgotPasswordJobId(requestId: string): string {
  return `forgot-${requestId}`;
}

/**
 * The forgot-password outbox: a request is a database row before the API
 * answers 202, and the queued job carries only its id. A job lost with
 * Redis is queued again by the sweeper (rows still `queued` after
 * OUTBOX_SWEEP_AFTER_MS), like the mail outbox.
 */
@Injectable()
export class ForgotPasswordRequests {
  private readonly logger = new Logger(ForgotPasswordRequests.name);

  constructor(
    private readonly requests: ForgotPasswordRequestsRepository,
    private readonly cipher: DataCipher,
    private readonly clock: Clock,
    @InjectQueue(QueueName.SelfService) private readonly queue: Queue<ForgotPasswordJobData>,
    @Inject(mailConfig.KEY) private readonly mail: MailConfigType,
  ) {}

  /** The same row and the same job for every address, known or not. */
  async submit(email: string, context: RequestContext): Promise<void> {
    const requestId = randomUUID();
    const stored: StoredRequest = { email: email.trim(), ip: context.ip, userAgent: context.userAgent };
    await this.requests.insert(requestId, this.cipher.encryptJson(stored), this.clock.now());
    await this.dispatch([requestId]);
  }

  /** The request if it still waits for an answer; null once answered (a job that ran twice). */
  async open(requestId: string): Promise<ForgotPasswordRequest | null> {
    const row = await this.requests.findQueued(requestId);
    if (!row) return null;
    return { id: row.id, requestId: row.requestId, ...this.cipher.decryptJson<StoredRequest>(row.payload) };
  }

  markAnswered(request: ForgotPasswordRequest, manager?: EntityManager): Promise<void> {
    return this.requests.markProcessed(request.id, this.clock.now(), manager);
  }

  /** Never throws: a request whose job missed the queue is picked up by the sweeper. */
  private async dispatch(requestIds: string[]): Promise<void> {
    try {
      await this.addJobs(requestIds);
    } catch (error) {
      this.logger.warn(`Could not queue ${requestIds.length} forgot-password request(s); the sweeper will retry: ${String(error)}`);
    }
  }

  private async addJobs(requestIds: string[]): Promise<void> {
    await addWithinTime(
      this.queue.addBulk(
        requestIds.map((requestId) => ({
          name: SelfServiceJobName.SendForgotPasswordCode,
          data: { requestId },
          opts: selfServiceJobOptions(forgotPasswordJobId(requestId)),
        })),
      ),
    );
  }

  /** Gives up requests over an hour old, re-queues the stale ones (adding a job that still exists is a no-op), deletes finished ones after a day. */
  async sweep(): Promise<{ requeued: number; expired: number }> {
    const now = this.clock.now();
    const expired = await this.requests.expireCreatedBefore(new Date(now.getTime() - FORGOT_REQUEST_MAX_AGE_MS), now);
    const cutoff = new Date(now.getTime() - this.mail.sweepAfterMs);
    const requeued = await requeueStalePages(
      (limit) => this.requests.findStaleQueued(cutoff, limit),
      async (stale) => {
        await this.addJobs(stale.map((row) => row.requestId));
        await this.requests.touchQueuedAt(
          stale.map((row) => row.id),
          now,
        );
      },
    );
    await this.requests.deleteFinishedBefore(new Date(now.getTime() - FORGOT_REQUEST_RETENTION_MS), OUTBOX_SWEEP_PAGE * 10);
    if (requeued > 0) this.logger.log(`Forgot-password sweeper re-queued ${requeued} request(s)`);
    if (expired > 0) this.logger.warn(`${expired} forgot-password request(s) were unanswered for an hour and were given up`);
    return { requeued, expired };
  }
}
