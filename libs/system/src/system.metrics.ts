import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService, UNREAD } from '@resetdesk/core';
import { Gauge } from 'prom-client';
import { RedisHealthIndicator } from './redis.health';
import { RedisMemory } from './system-status.types';

/** Redis settings that decide whether queued jobs survive: eviction policy and memory headroom, read at scrape time. */
@Injectable()
export class SystemMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly redis: RedisHealthIndicator,
  ) {}

  onModuleInit(): void {
    const { metrics, redis } = this;
    const registers = [metrics.registry];
    const memory = () => metrics.read('redis', () => redis.memory());
    new Gauge({
      name: 'resetdesk_redis_eviction_policy_ok',
      help: 'Whether Redis maxmemory-policy is noeviction, as BullMQ requires (1) or not (0)',
      labelNames: ['policy'] as const,
      registers,
      async collect() {
        const read = await memory();
        this.reset();
        if (read !== UNREAD) this.set({ policy: read.policy }, read.policy === 'noeviction' ? 1 : 0);
      },
    });
    const memoryGauge = (name: string, help: string, pick: (read: RedisMemory) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const read = await memory();
          this.set(read === UNREAD ? NaN : pick(read));
        },
      });
    memoryGauge('resetdesk_redis_memory_used_bytes', 'Memory Redis uses (INFO used_memory)', (read) => read.usedBytes);
    memoryGauge('resetdesk_redis_memory_max_bytes', 'Redis maxmemory (0: no limit)', (read) => read.maxBytes);
  }
}
