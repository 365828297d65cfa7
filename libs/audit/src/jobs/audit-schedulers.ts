import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { auditConfig, AuditConfigType, AuditJobName, Clock, QueueName, repeatingJob, ScheduleKeeper } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { AuditVerifier } from '../chain/audit-verifier.service';

/** Catch-up sealing, in case a wake-up was lost with Redis. */
export const SEAL_CATCH_UP_EVERY_MS = 5_000;
/** Daily full verification, 03:15 UTC. */
export const VERIFY_CRON = '15 3 * * *';
export const AUDIT_SCHEDULER_IDS = { sealCatchUp: 'audit-seal-catch-up', verifyDaily: 'audit-verify-daily' } as const;

@Injectable()
export class AuditSchedulers implements OnModuleInit {
  constructor(
    @InjectQueue(QueueName.Audit) private readonly queue: Queue,
    private readonly verifier: AuditVerifier,
    private readonly clock: Clock,
    private readonly keeper: ScheduleKeeper,
    @Inject(auditConfig.KEY) private readonly config: AuditConfigType,
  ) {}

  onModuleInit(): void {
    this.keeper.keep(repeatingJob(this.queue, AUDIT_SCHEDULER_IDS.sealCatchUp, SEAL_CATCH_UP_EVERY_MS, AuditJobName.SealEvents));
    this.keeper.keep({
      queue: this.queue,
      id: AUDIT_SCHEDULER_IDS.verifyDaily,
      repeat: { pattern: VERIFY_CRON, tz: 'UTC' },
      job: { name: AuditJobName.VerifyChain, data: {}, opts: { removeOnComplete: 10, removeOnFail: 100 } },
      whenCreated: () => this.verifySoonIfOverdue(),
    });
  }

  /** A fresh install, a worker that was down at 03:15, or a schedule Redis lost: verify soon instead of waiting for tomorrow. */
  private async verifySoonIfOverdue(): Promise<void> {
    if (!this.config.verifyOnStart) return;
    const latest = await this.verifier.latest();
    if (!latest || this.clock.now().getTime() - latest.finishedAt.getTime() > 24 * 3600_000) {
      await this.queue.add(
        AuditJobName.VerifyChain,
        {},
        { delay: 10_000, jobId: 'audit-verify-on-start', removeOnComplete: true, removeOnFail: 100 },
      );
    }
  }
}
