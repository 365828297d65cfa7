import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { auditConfig, AuditConfigType, AuditJobName, Clock, QueueName } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { AuditVerifier } from '../chain/audit-verifier.service';

/** Catch-up sealing, in case a wake-up was lost with Redis. */
export const SEAL_CATCH_UP_EVERY_MS = 5_000;
/** Daily full verification, 03:15 UTC. */
export const VERIFY_CRON = '15 3 * * *';

@Injectable()
export class AuditSchedulers implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Audit) private readonly queue: Queue,
    private readonly verifier: AuditVerifier,
    private readonly clock: Clock,
    @Inject(auditConfig.KEY) private readonly config: AuditConfigType,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'audit-seal-catch-up',
      { every: SEAL_CATCH_UP_EVERY_MS },
      { name: AuditJobName.SealEvents, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
    await this.queue.upsertJobScheduler(
      'audit-verify-daily',
      { pattern: VERIFY_CRON, tz: 'UTC' },
      { name: AuditJobName.VerifyChain, data: {}, opts: { removeOnComplete: 10, removeOnFail: 100 } },
    );
    // A fresh install, or a worker that was down at 03:15: verify soon instead of waiting for tomorrow.
    if (!this.config.verifyOnStart) return;
    const latest = await this.verifier.latest();
    if (!latest || this.clock.now().getTime() - latest.finishedAt.getTime() > 24 * 3600_000) {
      await this.queue.add(AuditJobName.VerifyChain, {}, { delay: 10_000, jobId: 'audit-verify-on-start', removeOnComplete: true, removeOnFail: 100 });
    }
  }
}
