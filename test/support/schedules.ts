import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@resetdesk/core';
import { AUDIT_SCHEDULER_IDS } from '@resetdesk/audit';
import { OUTBOX_SWEEP_SCHEDULER_ID } from '@resetdesk/mail';
import { REMINDER_SCHEDULER_ID } from '@resetdesk/reminders';
import { PORTAL_SWEEP_SCHEDULER_ID } from '@resetdesk/self-service';
import { Queue } from 'bullmq';
import { TestStack } from './test-stack';

/** Every job scheduler a worker keeps (with REMINDER_SCHEDULE on), by queue. */
export const KEPT_SCHEDULES: Array<[QueueName, string]> = [
  [QueueName.Mail, OUTBOX_SWEEP_SCHEDULER_ID],
  [QueueName.Audit, AUDIT_SCHEDULER_IDS.sealCatchUp],
  [QueueName.Audit, AUDIT_SCHEDULER_IDS.verifyDaily],
  [QueueName.Reminders, REMINDER_SCHEDULER_ID],
  [QueueName.SelfService, PORTAL_SWEEP_SCHEDULER_ID],
];

/** The ids of the kept schedulers Redis does not hold right now. */
export async function missingSchedules(stack: TestStack): Promise<string[]> {
  const found = await Promise.all(
    KEPT_SCHEDULES.map(async ([name, id]) => ((await stack.api.get<Queue>(getQueueToken(name)).getJobScheduler(id)) ? null : id)),
  );
  return found.filter((id): id is string => id !== null);
}
