import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditAction, AuditRecorder } from '@resetdesk/audit';
import { Clock, directoryConfig, DirectoryConfigType } from '@resetdesk/core';
import { DataSource } from 'typeorm';
import { DirectoryWritesRepository } from './directory-writes.repository';

/** Rows looked at per sweep; a backlog drains over the following sweeps. */
const SWEEP_PAGE = 200;
/**
 * A write is several directory operations (connect, TLS, bind, reads, the
 * write, a follow-up, one retry), each with DIRECTORY_TIMEOUT_MS of its own:
 * a row pending longer than ten of them plus a minute has no process left
 * waiting on it.
 */
const OPERATIONS_PER_WRITE = 10;
const GRACE_MS = 60_000;

/**
 * Closes journal rows whose process died between the directory's answer and
 * our record of it. The directory may or may not hold the new password, so
 * the row becomes `unknown` and one audit event tells supervisors which
 * account to check (the holder tries to sign in; if it fails, reset again).
 */
@Injectable()
export class DirectoryWriteSweeper {
  private readonly logger = new Logger(DirectoryWriteSweeper.name);

  constructor(
    private readonly journal: DirectoryWritesRepository,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
  ) {}

  async sweep(): Promise<number> {
    const now = this.clock.now();
    const stale = await this.journal.stalePending(
      new Date(now.getTime() - this.config.timeoutMs * OPERATIONS_PER_WRITE - GRACE_MS),
      SWEEP_PAGE,
    );
    let closed = 0;
    for (const write of stale) {
      await this.dataSource.transaction(async (manager) => {
        // Conditional: a late record of the real outcome wins over the sweep.
        if (!(await this.journal.close(manager, write.id, 'unknown', now))) return;
        closed += 1;
        await this.audit.record(manager, {
          actor: { type: write.actorType, id: write.actorId, label: write.actorLabel },
          action: AuditAction.DirectoryWriteOutcomeUnknown,
          target: { type: 'account', id: write.accountId },
          accountId: write.accountId,
          ticketId: write.ticketId,
          details: {
            operation: write.operation,
            reason: write.reason,
            startedAt: write.startedAt.toISOString(),
            directory: this.config.kind,
          },
        });
      });
    }
    if (closed > 0)
      this.logger.warn(`${closed} directory write(s) ended without a recorded outcome; audited as directory.write_outcome_unknown`);
    return closed;
  }
}
