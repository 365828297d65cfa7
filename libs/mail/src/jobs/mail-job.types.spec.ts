import { cappedExponentialDelay, mailBackoffStrategy } from './mail-job.types';
import { messageIdDomain, notificationMessageId } from '../message-id';
import type { MinimalJob } from 'bullmq';

describe(cappedExponentialDelay.name, () => {
  it('doubles from the base delay and never exceeds the cap', () => {
    const delays = Array.from({ length: 12 }, (_, i) => cappedExponentialDelay(i + 1, 5000, 3_600_000));
    expect(delays).toEqual([5000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000, 3_600_000]);
  });

  it('spreads the default 30 attempts over most of a day, so an outage of hours still ends in delivery', () => {
    const totalMs = Array.from({ length: 29 }, (_, i) => cappedExponentialDelay(i + 1, 5000, 3_600_000)).reduce((a, b) => a + b, 0);
    expect(totalMs / 3_600_000).toBeGreaterThan(20);
    expect(totalMs / 3_600_000).toBeLessThan(24);
  });

  it('is what the worker uses, with the base from the job options and the cap from the job data', () => {
    const job = {
      opts: { backoff: { type: 'capped-exponential', delay: 50 } },
      data: { notificationId: 1, retryMaxDelayMs: 120 },
    } as unknown as MinimalJob;
    expect([1, 2, 3, 4].map((attempt) => mailBackoffStrategy(attempt, 'capped-exponential', undefined, job))).toEqual([50, 100, 120, 120]);
  });
});

describe(notificationMessageId.name, () => {
  it('is the same for every attempt of one notification and differs between notifications', () => {
    const createdAt = new Date('2026-12-01T09:00:00Z');
    expect(notificationMessageId({ id: 42, createdAt }, 'example.com')).toBe(
      notificationMessageId({ id: 42, createdAt: new Date(createdAt) }, 'example.com'),
    );
    expect(notificationMessageId({ id: 43, createdAt }, 'example.com')).not.toBe(
      notificationMessageId({ id: 42, createdAt }, 'example.com'),
    );
    expect(notificationMessageId({ id: 42, createdAt }, 'example.com')).toMatch(/^<notification\.42\.[0-9a-z]+@example\.com>$/);
  });

  it('takes the domain of MAIL_FROM, or the host of APP_URL when the sender has none', () => {
    expect(messageIdDomain('ResetDesk <no-reply@Desk.Example.com>', 'https://x.test')).toBe('desk.example.com');
    expect(messageIdDomain('help@example.org', 'https://x.test')).toBe('example.org');
    expect(messageIdDomain('nobody', 'https://desk.example.net/app')).toBe('desk.example.net');
  });
});
