import { InjectQueue, OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { AuditJobName, clearFailuresBefore, JobRouter, QueueName } from '@resetdesk/core';
import { Job, Queue } from 'bullmq';
import { AuditSealer, SealResult } from '../chain/audit-sealer.service';
import { AuditVerifier } from '../chain/audit-verifier.service';

/** One job at a time per worker; across workers the sealer's database lock keeps the chain single. */
@Processor(QueueName.Audit, { concurrency: 1 })
export class AuditProcessor extends JobRouter<AuditJobName> {
  private readonly logger = new Logger(AuditProcessor.name);
  protected readonly queue = QueueName.Audit;
  protected readonly handlers = {
    [AuditJobName.SealEvents]: () => this.sealer.sealPending(),
    [AuditJobName.VerifyChain]: () => this.verifier.verify('schedule'),
  };

  constructor(
    private readonly sealer: AuditSealer,
    private readonly verifier: AuditVerifier,
    @InjectQueue(QueueName.Audit) private readonly auditQueue: Queue,
  ) {
    super();
  }

  /**
   * A seal that ran as the sealer sealed everything pending, and a
   * verification checks the whole chain: the same job's earlier failures (an
   * outage) are moot once one succeeds, so the System page stops counting them.
   */
  @OnWorkerEvent('completed')
  async clearMootFailures(job: Job, result: unknown): Promise<void> {
    if (job.name === AuditJobName.SealEvents && !(result as SealResult | undefined)?.ranAsSealer) return;
    await clearFailuresBefore(this.auditQueue, job.name, job.processedOn ?? Date.now()).catch((error: unknown) =>
      this.logger.warn(`Could not clear earlier failed ${job.name} jobs: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}
