import { Clock } from '@resetdesk/core';
import { QueryFailedError, type QueryRunner } from 'typeorm';
import type { AuditChainRepository } from './audit-chain.repository';
import { AuditSealer } from './audit-sealer.service';

const deadlock = () =>
  new QueryFailedError('COMMIT', [], Object.assign(new Error('Deadlock found when trying to get lock'), { code: 'ER_LOCK_DEADLOCK' }));

/** A query runner that keeps TypeORM's bookkeeping: a depth that only a successful ROLLBACK or COMMIT lowers. */
function fakeRunner(failures: { commits: number; rollbacks: number }) {
  const log: string[] = [];
  let depth = 0;
  const runner = {
    get isTransactionActive() {
      return depth > 0;
    },
    startTransaction: jest.fn(async () => {
      log.push(depth === 0 ? 'START TRANSACTION' : `SAVEPOINT typeorm_${depth}`);
      depth += 1;
    }),
    commitTransaction: jest.fn(async () => {
      if (failures.commits-- > 0) throw deadlock();
      log.push('COMMIT');
      depth -= 1;
    }),
    rollbackTransaction: jest.fn(async () => {
      if (failures.rollbacks-- > 0) throw deadlock();
      log.push(depth > 1 ? `ROLLBACK TO SAVEPOINT typeorm_${depth - 1}` : 'ROLLBACK');
      depth -= 1;
    }),
    release: jest.fn(async () => undefined),
  };
  return { runner: runner as unknown as QueryRunner, log };
}

function sealerWith(runner: QueryRunner, unsealed: number): AuditSealer {
  const events = Array.from({ length: unsealed }, (_, i) => ({
    id: i + 1,
    occurredAt: new Date('2026-12-01T10:00:00Z'),
    action: 'test.event',
    actorType: 'system',
    actorId: null,
    details: {},
  }));
  const chain = {
    connect: async () => runner,
    lockHead: async () => true,
    head: async () => null,
    unsealed: async () => events,
    applySeals: async (_runner: QueryRunner, seals: unknown[]) => seals.length,
    moveHead: async () => undefined,
  };
  return new AuditSealer(chain as unknown as AuditChainRepository, new Clock());
}

describe(AuditSealer.name, () => {
  it('retries a batch whose commit lost a certification conflict in a fresh transaction, even when the first ROLLBACK fails too', async () => {
    const { runner, log } = fakeRunner({ commits: 1, rollbacks: 1 });
    const result = await sealerWith(runner, 3).sealPending(50);
    expect(result).toEqual({ sealed: 3, ranAsSealer: true });
    // Never a savepoint: the retried batch is a transaction of its own, as the first one was.
    expect(log).toEqual(['START TRANSACTION', 'ROLLBACK', 'START TRANSACTION', 'COMMIT']);
  });
});
