import { assertHandlesEveryJob } from './job-handlers';
import { MailJobName, QueueName } from './queue.constants';

describe(assertHandlesEveryJob.name, () => {
  const handle = async () => undefined;

  it('accepts a processor that handles every job of its queue', () => {
    expect(() => assertHandlesEveryJob(QueueName.Mail, { [MailJobName.SendNotification]: handle, [MailJobName.SweepOutbox]: handle })).not.toThrow();
  });

  it('refuses to start a processor that misses a job name', () => {
    expect(() => assertHandlesEveryJob(QueueName.Mail, { [MailJobName.SendNotification]: handle })).toThrow(
      'The mail processor has no handler for job(s): sweep-outbox',
    );
  });
});
