import { getQueueToken } from '@nestjs/bullmq';
import { AuditAction, AuditChainRepository, AuditRecorder, AuditSealer, AuditVerifier, chainHash, SYSTEM_ACTOR } from '@resetdesk/audit';
import { AuditJobName, QueueName } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { ChildProcess } from 'node:child_process';
import { dropAppendOnlyTriggers, insertRawEvents, restoreAppendOnlyTriggers, sequenceNumbers } from '../support/audit';
import { collectOutput, runEntrypoint, spawnEntrypoint, waitForExit } from '../support/run-entrypoint';
import { resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

describe('audit hash chain', () => {
  let stack: TestStack;
  let sealer: AuditSealer;
  let verifier: AuditVerifier;
  let recorder: AuditRecorder;

  beforeAll(async () => {
    stack = await startTestStack();
    sealer = stack.worker!.get(AuditSealer);
    verifier = stack.api.get(AuditVerifier);
    recorder = stack.api.get(AuditRecorder);
  });

  afterAll(async () => {
    await restoreAppendOnlyTriggers(stack.dataSource);
    await stack.close();
  });

  beforeEach(async () => {
    await restoreAppendOnlyTriggers(stack.dataSource);
    await resetState(stack);
  });

  /** Seals everything pending; the in-process worker may hold the sealer lock, so wait until nothing is left. */
  const sealAll = async () => {
    await sealer.sealPending();
    await waitFor(async () => (await stack.api.get(AuditChainRepository).countUnsealed()) === 0, { what: 'every event to be sealed' });
  };

  const record = (n: number) =>
    stack.dataSource.transaction((manager) =>
      recorder.record(manager, { actor: SYSTEM_ACTOR, action: AuditAction.StaffUpdated, details: { n } }),
    );

  it('seals 1,000 events from concurrent transactions, some rolled back, into a gapless verified chain', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 1000 }, (_, n) =>
        stack.dataSource.transaction(async (manager) => {
          await recorder.record(manager, { actor: SYSTEM_ACTOR, action: AuditAction.StaffUpdated, details: { n } });
          if (n % 10 === 3) throw new Error('rolled back on purpose');
        }),
      ),
    );
    const committed = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    expect(committed).toBe(900);

    await sealAll();
    expect(await sequenceNumbers(stack.dataSource)).toEqual(Array.from({ length: committed }, (_, i) => i + 1));
    const result = await verifier.verify('api');
    expect(result).toMatchObject({ ok: true, events: committed, lastSeq: committed });
  });

  it('seals a committed event within about a second, woken by the commit', async () => {
    await record(1);
    const started = Date.now();
    await waitFor(async () => (await sequenceNumbers(stack.dataSource)).length === 1, { timeoutMs: 3000, what: 'the event to be sealed' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses to update or delete events in the database itself', async () => {
    await record(1);
    await record(2);
    await sealAll();
    await expect(stack.dataSource.query("UPDATE audit_events SET action = 'forged' WHERE seq = 1")).rejects.toThrow(
      /sealed events cannot be changed/,
    );
    await expect(stack.dataSource.query('DELETE FROM audit_events WHERE seq = 2')).rejects.toThrow(/events cannot be deleted/);
    // Held, the chain head keeps the in-process worker's catch-up from sealing the new event before it is forged.
    const chain = stack.api.get(AuditChainRepository);
    const holder = await chain.connect();
    try {
      await holder.startTransaction('READ COMMITTED');
      expect(await chain.lockHead(holder)).toBe(true);
      await insertRawEvents(stack.dataSource, 1);
      await expect(stack.dataSource.query("UPDATE audit_events SET action = 'forged' WHERE seq IS NULL")).rejects.toThrow(
        /only the sealer may fill the chain columns/,
      );
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
  });

  describe('tampering straight in SQL is caught', () => {
    beforeEach(async () => {
      await insertRawEvents(stack.dataSource, 10);
      await sealAll();
      expect((await verifier.verify('api')).ok).toBe(true);
      await dropAppendOnlyTriggers(stack.dataSource);
    });

    async function expectBroken(seq: number, reason: string) {
      const result = await verifier.verify('api');
      expect({ ok: result.ok, brokenSeq: result.brokenSeq, reason: result.reason }).toEqual({ ok: false, brokenSeq: seq, reason });
      return result;
    }

    it('a changed detail', async () => {
      await stack.dataSource.query(`UPDATE audit_events SET details = '{"n":999}' WHERE seq = 4`);
      const result = await expectBroken(4, 'changed');
      expect(result.message).toBe('Event #4 was changed after it was sealed');

      // Still serving (200), but health says the trail is broken.
      const health = await stack.http.get('/api/health').expect(200);
      expect(health.body.details.auditChain).toMatchObject({
        status: 'degraded',
        brokenAtSeq: 4,
        message: 'Event #4 was changed after it was sealed',
      });

      const cli = await runEntrypoint('cli', ['audit:verify'], { LOG_LEVEL: 'silent' });
      expect(cli.code).toBe(1);
      expect(cli.stderr.trim()).toBe('audit:verify failed: Audit chain broken at #4 (changed): Event #4 was changed after it was sealed');
    });

    it('a deleted row', async () => {
      await stack.dataSource.query('DELETE FROM audit_events WHERE seq = 6');
      const result = await expectBroken(6, 'missing');
      expect(result.message).toBe('Event #6 is missing: the chain jumps from #5 to #7');
    });

    it('a forged row inserted with a valid-looking hash', async () => {
      // Make room at #5 and forge an event that links correctly to #4, as an informed attacker would.
      await stack.dataSource.query('UPDATE audit_events SET seq = seq + 1 WHERE seq >= 5 ORDER BY seq DESC');
      const [previous] = await stack.dataSource.query('SELECT hash FROM audit_events WHERE seq = 4');
      const forged = {
        id: 999,
        occurredAt: new Date('2026-01-01T00:00:00.000Z'),
        actorType: 'staff',
        actorId: '1',
        actorLabel: 'admin',
        action: 'staff.created',
        targetType: null,
        targetId: null,
        ticketId: null,
        accountId: null,
        ip: null,
        userAgent: null,
        details: {},
      };
      await stack.dataSource.query(
        `INSERT INTO audit_events (id, seq, occurred_at, actor_type, actor_id, actor_label, action, details, prev_hash, hash)
         VALUES (999, 5, ?, 'staff', '1', 'admin', 'staff.created', '{}', ?, ?)`,
        [forged.occurredAt, previous.hash, chainHash(previous.hash, forged)],
      );
      const result = await expectBroken(5, 'inserted');
      expect(result.message).toBe('Event #5 was inserted: #6 links to the event before it');
    });

    it('two rows swapped in order', async () => {
      await stack.dataSource.query('UPDATE audit_events SET seq = 1000 WHERE seq = 3');
      await stack.dataSource.query('UPDATE audit_events SET seq = 3 WHERE seq = 4');
      await stack.dataSource.query('UPDATE audit_events SET seq = 4 WHERE seq = 1000');
      const result = await expectBroken(3, 'reordered');
      expect(result.message).toMatch(/^Event #3 does not follow #2/);
    });

    it('the newest events cut off after a good verification', async () => {
      await stack.dataSource.query('DELETE FROM audit_events WHERE seq >= 9');
      const result = await expectBroken(9, 'missing');
      expect(result.message).toMatch(/^The chain ends at #8 but reached #10 when verified on /);
    });
  });

  it('leaves the sealing to the holder of the chain head, and seals once it lets go', async () => {
    const chain = stack.api.get(AuditChainRepository);
    const holder = await chain.connect();
    try {
      await holder.startTransaction('READ COMMITTED');
      expect(await chain.lockHead(holder)).toBe(true);
      for (let n = 0; n < 3; n++) await record(n);
      // Neither this sealer nor the in-process worker woken by the commits may seal while the head is held.
      expect(await sealer.sealPending()).toEqual({ sealed: 0, ranAsSealer: false });
      expect(await sequenceNumbers(stack.dataSource)).toEqual([]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }

    await sealAll();
    expect(await sequenceNumbers(stack.dataSource)).toEqual([1, 2, 3]);
    const [head] = (await stack.dataSource.query('SELECT seq, hash FROM audit_chain_head')) as Array<{ seq: string; hash: string }>;
    const [last] = (await stack.dataSource.query('SELECT hash FROM audit_events WHERE seq = 3')) as Array<{ hash: string }>;
    expect({ seq: Number(head!.seq), hash: head!.hash }).toEqual({ seq: 3, hash: last!.hash });
  });

  // Last in this file: it stops the in-process worker so only the two child processes seal.
  it('two worker processes sealing at once never fork the chain', async () => {
    await stack.worker!.close();
    await insertRawEvents(stack.dataSource, 3000);
    const workers: ChildProcess[] = [0, 1].map(() => spawnEntrypoint('worker', [], { LOG_LEVEL: 'info' }));
    const exits = workers.map((worker) => waitForExit(worker, 60_000));
    const outputs = workers.map((worker) => collectOutput(worker));
    try {
      // Both listening before the wake-ups, or the first one up would take both.
      await waitFor(() => outputs.every((output) => output.stdout().includes('ResetDesk worker started')), {
        timeoutMs: 30_000,
        what: 'both workers to start',
      });
      // Two wake-ups without deduplication, so both workers go for the sealer lock at once.
      const queue = stack.api.get<Queue>(getQueueToken(QueueName.Audit));
      await queue.addBulk([0, 1].map(() => ({ name: AuditJobName.SealEvents, data: {}, opts: { removeOnComplete: true } })));
      await waitFor(async () => (await sequenceNumbers(stack.dataSource)).length >= 3000, {
        timeoutMs: 30_000,
        what: 'all events to be sealed',
      });
    } finally {
      for (const worker of workers) worker.kill('SIGTERM');
    }
    for (const exit of await Promise.all(exits)) expect(exit.code).toBe(0);
    expect(await sequenceNumbers(stack.dataSource)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    expect((await verifier.verify('api')).ok).toBe(true);
  });
});
