import { Processor } from '@nestjs/bullmq';
import { AuditJobName, JobRouter, QueueName } from '@resetdesk/core';
import { AuditSealer } from '../chain/audit-sealer.service';
import { AuditVerifier } from '../chain/audit-verifier.service';

/** One job at a time per worker; across workers the sealer's database lock keeps the chain single. */
@Processor(QueueName.Audit, { concurrency: 1 })
export class AuditProcessor extends JobRouter<AuditJobName> {
  protected readonly queue = QueueName.Audit;
  protected readonly handlers = {
    [AuditJobName.SealEvents]: () => this.sealer.sealPending(),
    [AuditJobName.VerifyChain]: () => this.verifier.verify('schedule'),
  };

  constructor(
    private readonly sealer: AuditSealer,
    private readonly verifier: AuditVerifier,
  ) {
    super();
  }
}
