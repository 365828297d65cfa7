import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

const PENDING = 'resetdesk.outbox.pending';
type Listener = (ids: number[]) => Promise<void>;

/**
 * Runs outbox dispatch after the surrounding transaction commits, and drops it
 * on rollback. Pending ids ride on the transaction's QueryRunner, so callers
 * only pass their EntityManager.
 */
@Injectable()
export class OutboxDispatcher implements EntitySubscriberInterface {
  private listener: Listener = async () => undefined;

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  onCommitted(listener: Listener): void {
    this.listener = listener;
  }

  async afterCommit(manager: EntityManager, id: number): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      await this.listener([id]);
      return;
    }
    const pending = (runner.data[PENDING] as number[] | undefined) ?? [];
    pending.push(id);
    runner.data[PENDING] = pending;
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const ids = this.take(event.queryRunner.data);
    if (ids.length > 0) await this.listener(ids);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.take(event.queryRunner.data);
  }

  private take(data: Record<string, unknown>): number[] {
    const ids = (data[PENDING] as number[] | undefined) ?? [];
    delete data[PENDING];
    return ids;
  }
}
