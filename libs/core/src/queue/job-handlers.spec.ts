import { Job, UnrecoverableError } from 'bullmq';
import { assertHandlesEveryJob, JobRouter } from './job-handlers';
import { MailJobName, QueueName } from './queue.constants';

describe(assertHandlesEveryJob.name, () => {
  const handle = async () => undefined;

  it('accepts a processor that handles every job of its queue', () => {
    expect(() =>
      assertHandlesEveryJob(QueueName.Mail, { [MailJobName.SendNotification]: handle, [MailJobName.SweepOutbox]: handle }),
    ).not.toThrow();
  });

  it('refuses to start a processor that misses a job name', () => {
    expect(() => assertHandlesEveryJob(QueueName.Mail, { [MailJobName.SendNotification]: handle })).toThrow(
      'The mail processor has no handler for job(s): sweep-outbox',
    );
  });
});

describe(JobRouter.name, () => {
  class HalfMailRouter extends JobRouter<MailJobName> {
    protected readonly queue = QueueName.Mail;
    protected readonly handlers = { [MailJobName.SendNotification]: async (job: Job) => `sent ${job.data.notificationId}` } as Record<
      MailJobName,
      (job: Job) => Promise<unknown>
    >;
  }

  it('routes a job to the handler named after it', async () => {
    const sut = new HalfMailRouter();
    await expect(sut.process({ name: MailJobName.SendNotification, data: { notificationId: 4 } } as Job)).resolves.toBe('sent 4');
  });

  it('fails a job without a handler for good, and refuses to start', async () => {
    const sut = new HalfMailRouter();
    expect(() => sut.process({ name: MailJobName.SweepOutbox, data: {} } as Job)).toThrow(UnrecoverableError);
    expect(() => sut.onModuleInit()).toThrow('The mail processor has no handler for job(s): sweep-outbox');
  });
});
