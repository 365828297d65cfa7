import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from '../with-timeout';

/** Where scrape-time gauges read from; each gets a `resetdesk_metrics_source_up` series. */
export type MetricsSource = 'database' | 'redis';

/** What `MetricsService.read` gives when the source failed or was too slow. */
export const UNREAD = Symbol('unread');
export type Unread = typeof UNREAD;

// Every source is read in parallel under this bound, so a scrape answers within a second whatever is down.
const SOURCE_READ_TIMEOUT_MS = 500;

/**
 * One Prometheus registry per process (not prom-client's global one, so
 * several apps can live in one test process). Domains add gauges to it.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'resetdesk_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  // Rendered after the rest, once every gauge has said whether its source answered.
  private readonly sourceRegistry = new Registry();
  private readonly sourceUp = new Gauge({
    name: 'resetdesk_metrics_source_up',
    help: 'Whether this scrape could read the source (1) or not (0: its gauges are missing or NaN)',
    labelNames: ['source'] as const,
    registers: [this.sourceRegistry],
  });
  private readonly sources = new Set<MetricsSource>();
  private failedThisScrape = new Set<MetricsSource>();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'resetdesk_' });
  }

  /**
   * Reads `source` for a gauge at scrape time; UNREAD (and the source marked
   * down for this scrape) when it fails or does not answer in time, so one
   * outage never hangs or empties the whole scrape.
   */
  async read<T>(source: MetricsSource, read: () => Promise<T>): Promise<T | Unread> {
    this.sources.add(source);
    const failed = this.failedThisScrape;
    try {
      return await withTimeout(read(), SOURCE_READ_TIMEOUT_MS, `${source} did not answer in time`);
    } catch {
      failed.add(source);
      return UNREAD;
    }
  }

  async render(): Promise<{ contentType: string; body: string }> {
    const failed = new Set<MetricsSource>();
    this.failedThisScrape = failed;
    const body = await this.registry.metrics();
    for (const source of this.sources) this.sourceUp.set({ source }, failed.has(source) ? 0 : 1);
    return { contentType: this.registry.contentType, body: `${body}\n${await this.sourceRegistry.metrics()}` };
  }
}
