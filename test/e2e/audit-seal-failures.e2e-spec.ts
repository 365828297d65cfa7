import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { AuditJobName, QueueName, redisConfig, RedisConfigType, redisOptions } from '@resetdesk/core';
import { Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { createWorker } from '../../apps/worker/src/create-worker';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** Seal jobs that failed in an outage stop counting as failures once a later seal succeeds. */
describe('failed audit jobs on the System page', () => {
  let stack: TestStack;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    await resetState(stack);
  });

  afterAll(async () => {
    await worker?.close();
    await stack.close();
  });

  const auditQueue = () => stack.api.get<Queue>(getQueueToken(QueueName.Audit));

  /** Takes jobs off the audit queue by hand and fails them, as a worker would while the database is down. */
  async function failJobs(name: string, count: number): Promise<void> {
    const config = stack.api.get<RedisConfigType>(redisConfig.KEY);
    const hand = new Worker(QueueName.Audit, null, { connection: redisOptions(config), prefix: config.queuePrefix, autorun: false });
    try {
      for (let i = 0; i < count; i++) {
        await auditQueue().add(name, {}, { jobId: `outage-${name}-${i}`, removeOnFail: 100 });
      }
      let failed = 0;
      while (failed < count) {
        const token = randomUUID();
        const job = await hand.getNextJob(token, { block: false });
        if (!job) continue;
        await job.moveToFailed(new Error('connect ECONNREFUSED 127.0.0.1:3306'), token);
        if (job.name === name && job.id?.startsWith('outage-')) failed += 1;
      }
    } finally {
      await hand.close();
    }
  }

  const failedOnSystemPage = async (token: string) =>
    ((await as(stack, token).get('/api/system/status').expect(200)).body.queues as Array<{ name: string; failed: number }>).find(
      (queue) => queue.name === QueueName.Audit,
    )!.failed;

  it('clears the failed seal jobs a later successful seal made moot, and keeps other failures', async () => {
    await failJobs(AuditJobName.SealEvents, 3);
    await failJobs(AuditJobName.VerifyChain, 1);
    const { token } = await signedIn(stack, 'supervisor'); // records audit events: something to seal
    expect(await failedOnSystemPage(token)).toBeGreaterThanOrEqual(4);

    worker = await createWorker();
    await waitFor(async () => (await auditQueue().getFailed()).every((job) => job.name !== AuditJobName.SealEvents), {
      timeoutMs: 15_000,
      what: 'the moot seal failures to be cleared',
    });
    const unsealed: Array<{ n: string }> = await stack.dataSource.query('SELECT COUNT(*) AS n FROM audit_events WHERE seq IS NULL');
    expect(Number(unsealed[0]!.n)).toBe(0);
    // A failed verification is not made moot by a seal: it stays until a verification succeeds.
    expect((await auditQueue().getFailed()).map((job) => job.name)).toEqual([AuditJobName.VerifyChain]);
    expect(await failedOnSystemPage(token)).toBe(1);
  });
});
