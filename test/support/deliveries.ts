import { OutboxService } from '@resetdesk/mail';
import type { DataSource } from 'typeorm';
import { TestMailbox } from './smtp-sink';
import type { TestStack } from './test-stack';
import { sleep } from './wait-for';

/** What the fault tests send in bursts, and the reminders a scan adds to it. */
export type BurstKind = 'test-email' | 'expiry-reminder';

/** Queues `count` test emails through the outbox, as the API does (rows first, jobs after commit), 100 a transaction. */
export async function enqueueTestEmails(stack: Pick<TestStack, 'api' | 'dataSource'>, count: number, prefix = 'burst'): Promise<void> {
  const outbox = stack.api.get(OutboxService);
  for (let start = 0; start < count; start += 100) {
    await stack.dataSource.transaction(async (manager) => {
      for (let i = start; i < Math.min(count, start + 100); i++)
        await outbox.enqueue(manager, { kind: 'test-email', to: `${prefix}${i}@example.com`, data: { requestedAt: 'now' } });
    });
  }
}

export async function countSent(dataSource: DataSource, kinds: BurstKind[] = ['test-email', 'expiry-reminder']): Promise<number> {
  const [{ sent }] = (await dataSource.query(`SELECT COUNT(*) AS sent FROM notifications WHERE status = 'sent' AND kind IN (?)`, [
    kinds,
  ])) as Array<{
    sent: string | number;
  }>;
  return Number(sent);
}

/** Every notification of `kinds` reached the mailbox exactly once (by Message-ID), `total` in all; waits out a late duplicate first. */
export async function expectEachDeliveredOnce(
  dataSource: DataSource,
  mailbox: TestMailbox,
  total: number,
  kinds: BurstKind[] = ['test-email', 'expiry-reminder'],
): Promise<void> {
  await sleep(500); // a duplicate would arrive now
  const rows = (await dataSource.query('SELECT message_id AS messageId FROM notifications WHERE kind IN (?)', [kinds])) as Array<{
    messageId: string | null;
  }>;
  const ours = new Set(rows.map((row) => row.messageId));
  expect(ours.size).toBe(total);
  const delivered = mailbox.messages.filter((message) => message.messageId !== null && ours.has(message.messageId));
  expect(delivered).toHaveLength(total);
  expect(new Set(delivered.map((message) => message.messageId)).size).toBe(total);
}

/** While Redis is away the API answers at once — 202, or 503 with Retry-After — never a hang or a 500. */
export async function expectPromptAnswersWithoutRedis(stack: Pick<TestStack, 'http'>): Promise<void> {
  const during = await Promise.all(
    Array.from({ length: 5 }, (_, i) => stack.http.post('/api/self-service/forgot-password').send({ email: `during${i}@example.com` })),
  );
  for (const response of during) {
    expect([202, 503]).toContain(response.status);
    if (response.status === 503) expect(response.headers['retry-after']).toBe('5');
  }
}
