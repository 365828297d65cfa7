import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService, QueueName, UNREAD } from '@resetdesk/core';
import { Queue } from 'bullmq';
import { Gauge } from 'prom-client';
import { NotificationRepository } from './notification.repository';

/** Outbox rows by status and mail queue depth, read at scrape time. */
@Injectable()
export class MailMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly notifications: NotificationRepository,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue,
  ) {}

  onModuleInit(): void {
    const { metrics, notifications, queue } = this;
    new Gauge({
      name: 'resetdesk_outbox_notifications',
      help: 'Outbox rows by delivery status',
      labelNames: ['status'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const counts = await metrics.read('database', () => notifications.countByStatus());
        this.reset();
        if (counts === UNREAD) return;
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      },
    });
    new Gauge({
      name: 'resetdesk_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const counts = await metrics.read('redis', () => queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized'));
        this.reset();
        if (counts === UNREAD) return;
        for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
      },
    });
  }
}
