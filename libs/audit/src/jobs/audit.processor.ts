import { Processor, WorkerHost } from '@nestjs/bullmq';
import { assertHandlesEveryJob, AuditJobName, QueueName } from '@resetdesk/core';
import { Job } from 'bullmq';
import { AuditSealer } from '../chain/audit-sealer.service';
import { AuditVerifier } from '../chain/audit-verifier.service';

type AuditJob = Job<Record<string, never>, unknown, AuditJobName>;

/** One job at a time per worker; across workers the sealer's database lock keeps the chain single. */
@Processor(QueueName.Audit, { concurrency: 1 })
export class AuditProcessor extends WorkerHost {
  private readonly handlers: Record<AuditJobName, (job: AuditJob) => Promise<unknown>> = {
    [AuditJobName.SealEvents]: () => this.sealer.sealPending(),
    [AuditJobName.VerifyChain]: () => this.verifier.verify('schedule'),
  };

  constructor(
    private readonly sealer: AuditSealer,
    private readonly verifier: AuditVerifier,
  ) {
    super();
    assertHandlesEveryJob(QueueName.Audit, this.handlers);
  }

  process(job: AuditJob): Promise<unknown> {
    return this.handlers[job.name](job);
  }
}
