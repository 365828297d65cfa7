import { MailJobName } from '@resetdesk/core';
import { notificationJobId, NotificationRepository, OutboxService } from '@resetdesk/mail';
import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { spawnEntrypoint, waitForExit } from '../support/run-entrypoint';
import { resetState, startTestStack, TestStack } from '../support/test-stack';
import { sleep, waitFor } from '../support/wait-for';

/** An SMTP server that takes `delayMs` to accept each message, so a send is in flight when the worker is told to stop. */
async function startSlowSmtp(delayMs: number) {
  const received: string[] = [];
  let started = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 200,
    onData(stream, _session, callback) {
      started++;
      simpleParser(stream)
        .then(async (mail) => {
          await sleep(delayMs);
          received.push(mail.subject ?? '');
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    started: () => started,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('worker shutdown', () => {
  let stack: TestStack;
  let smtp: Awaited<ReturnType<typeof startSlowSmtp>>;

  beforeAll(async () => {
    smtp = await startSlowSmtp(3000);
    stack = await startTestStack({ worker: false, env: { SMTP_URL: smtp.url } });
    await resetState(stack);
  });

  afterAll(async () => {
    await stack.close();
    await smtp.close();
  });

  it('finishes the send in progress on SIGTERM, exits 0 within 10 s, and loses or repeats nothing', async () => {
    const outbox = stack.api.get(OutboxService);
    const id = await stack.dataSource.transaction((manager) =>
      outbox.enqueue(manager, { kind: 'test-email', to: 'slow@example.com', data: { requestedAt: 'now' } }),
    );

    const worker = spawnEntrypoint('worker', [], { SMTP_URL: smtp.url, LOG_LEVEL: 'silent' });
    const exited = waitForExit(worker, 20_000);
    await waitFor(() => smtp.started() > 0, { timeoutMs: 15_000, what: 'the worker to start sending' });

    const stopAskedAt = Date.now();
    worker.kill('SIGTERM');
    const result = await exited;

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(Date.now() - stopAskedAt).toBeLessThan(10_000);
    expect(smtp.received).toEqual(['ResetDesk test email']);
    expect((await stack.api.get(NotificationRepository).findById(id!))?.status).toBe('sent');

    // Nothing left behind for the next worker to send again; only the sweeper's next run is scheduled.
    expect(await stack.mailQueue.getJob(notificationJobId(id!))).toBeUndefined();
    const counts = await stack.mailQueue.getJobCounts('waiting', 'active', 'failed');
    expect(counts).toEqual({ waiting: 0, active: 0, failed: 0 });
    const delayed = await stack.mailQueue.getDelayed();
    expect(delayed.map((job) => job.name)).toEqual([MailJobName.SweepOutbox]);
  });
});
