import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@resetdesk/core';
import { REMINDER_SCHEDULER_ID, ReminderRunEntity } from '@resetdesk/reminders';
import { Queue } from 'bullmq';
import { resetState, startTestStack, TestStack } from '../support/test-stack';
import { waitFor } from '../support/wait-for';

/** Each case starts its own API + worker with its own schedule settings (one at a time: they share the database). */
describe('the daily reminder schedule', () => {
  const reminderQueue = (stack: TestStack) => stack.worker!.get<Queue>(getQueueToken(QueueName.Reminders));

  async function withStack(env: Record<string, string>, work: (stack: TestStack) => Promise<void>): Promise<void> {
    const stack = await startTestStack({ env });
    try {
      await work(stack);
    } finally {
      await stack.close();
    }
  }

  it('is registered at REMINDER_TIME in REMINDER_TZ, once however many workers start', async () => {
    await withStack({ REMINDER_SCHEDULE: 'true', REMINDER_TIME: '06:30', REMINDER_TZ: 'Europe/Berlin' }, async (stack) => {
      await resetState(stack);
      expect(await reminderQueue(stack).getJobScheduler(REMINDER_SCHEDULER_ID)).toMatchObject({
        pattern: '30 6 * * *',
        tz: 'Europe/Berlin',
      });
      expect(await reminderQueue(stack).getJobSchedulersCount()).toBe(1);
      // Nothing ran at start: a fresh installation waits for its first scheduled scan.
      expect(await stack.dataSource.getRepository(ReminderRunEntity).count()).toBe(0);
    });
  });

  it('catches up a missed day when a worker starts after the scan time', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await withStack({ REMINDER_SCHEDULE: 'false' }, async (stack) => {
      await resetState(stack);
      // The last completed scan was two days ago.
      await stack.dataSource.query(
        "INSERT INTO reminder_runs (run_date, time_zone, triggered_by, status, started_at, finished_at) VALUES (DATE_SUB(?, INTERVAL 2 DAY), 'UTC', 'schedule', 'completed', NOW(3), NOW(3))",
        [today],
      );
    });
    await withStack({ REMINDER_SCHEDULE: 'true', REMINDER_TIME: '00:00', REMINDER_TZ: 'UTC' }, async (stack) => {
      const caughtUp = await waitFor(
        async () =>
          (await stack.dataSource.getRepository(ReminderRunEntity).findOneBy({ triggeredBy: 'catch-up', status: 'completed' })) ??
          undefined,
        { what: 'the catch-up scan' },
      );
      expect(caughtUp).toMatchObject({ runDate: today, catchUpDays: 2 });
    });
  });

  it('is removed when the schedule is turned off', async () => {
    await withStack({ REMINDER_SCHEDULE: 'true' }, async (stack) => {
      expect(await reminderQueue(stack).getJobScheduler(REMINDER_SCHEDULER_ID)).toMatchObject({ pattern: '0 8 * * *', tz: 'UTC' });
    });
    await withStack({ REMINDER_SCHEDULE: 'false' }, async (stack) => {
      expect(await reminderQueue(stack).getJobScheduler(REMINDER_SCHEDULER_ID)).toBeUndefined();
    });
  });
});
