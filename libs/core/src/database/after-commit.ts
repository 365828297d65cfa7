import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

const PENDING = 'resetdesk.after-commit';
type Hook = () => Promise<void> | void;

/**
 * Runs work once the surrounding transaction has committed, and drops it on
 * rollback: queueing a job for a row that was never written would be a lie.
 * Hooks ride on the transaction's QueryRunner, so callers only pass their
 * EntityManager. Outside a transaction a hook runs at once. A key registers a
 * hook once per transaction (e.g. "wake the audit sealer").
 *
 * Hooks are not awaited: the caller's answer never waits on them (with
 * Redis away, a queue add can hang), and every hook here has a backstop
 * (the outbox sweeper, the sealer's catch-up) for work that never ran.
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface {
  private readonly logger = new Logger(AfterCommit.name);

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  run(manager: EntityManager, hook: Hook, key?: string): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      // Fire and forget, like after a commit: the caller's work is done, and safely() logs a failure instead of rejecting.
      void this.safely(hook);
      return;
    }
    const pending = (runner.data[PENDING] as Map<string | Hook, Hook> | undefined) ?? new Map<string | Hook, Hook>();
    pending.set(key ?? hook, hook);
    runner.data[PENDING] = pending;
  }

  /**
   * Gathers `item` with the others the same transaction collects under `key`, and hands them all to `flush`
   * once, after the commit (e.g. every audit event of a ticket change, announced as one change).
   */
  collect<T>(manager: EntityManager, key: string, item: T, flush: (items: T[]) => Promise<void> | void): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      this.run(manager, () => flush([item]));
      return;
    }
    const collected = (runner.data[`${PENDING}:${key}`] as T[] | undefined) ?? [];
    collected.push(item);
    runner.data[`${PENDING}:${key}`] = collected;
    this.run(manager, () => flush(collected), `collect:${key}`);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Not awaited: the commit has happened; a hook's failure is logged by safely(), never handed to the committer.
    for (const hook of this.take(event.queryRunner.data)) void this.safely(hook);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.take(event.queryRunner.data);
  }

  private take(data: Record<string, unknown>): Hook[] {
    const pending = data[PENDING] as Map<string | Hook, Hook> | undefined;
    // The runner outlives its transaction (a pooled connection): nothing collected may leak into the next one.
    for (const key of Object.keys(data)) if (key.startsWith(PENDING)) delete data[key];
    return pending ? [...pending.values()] : [];
  }

  /** The change is committed whatever a hook does; a failing hook is logged, never thrown at the caller. */
  private async safely(hook: Hook): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.logger.warn(`After-commit work failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
