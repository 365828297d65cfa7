import { DirectoryConfigType, MetricsService } from '@resetdesk/core';
import { InvalidCredentialsError } from 'ldapts';
import { DIRECTORY_RULES, DirectoryRefusal, DirectoryUnavailable } from './directory.errors';
import { DirectoryMetrics, directoryOutcome } from './directory.metrics';
import type { DirectorySyncRunsRepository } from './sync/directory-sync-runs.repository';

describe(directoryOutcome.name, () => {
  it('calls a refusal "refused", whatever the rule', () => {
    expect(directoryOutcome(new DirectoryRefusal(DIRECTORY_RULES.HISTORY, 'That password was used recently'))).toBe('refused');
    expect(directoryOutcome(new DirectoryRefusal(DIRECTORY_RULES.INSUFFICIENT_RIGHTS, 'The service account may not reset passwords'))).toBe(
      'refused',
    );
  });

  it('calls an outage "unavailable"', () => {
    expect(directoryOutcome(new DirectoryUnavailable('The directory did not answer'))).toBe('unavailable');
  });

  it('calls anything else "unavailable": the change did not happen, and not because of the holder', () => {
    expect(directoryOutcome(new InvalidCredentialsError('bind refused'))).toBe('unavailable');
    expect(directoryOutcome(new TypeError('x is undefined'))).toBe('unavailable');
  });
});

describe(DirectoryMetrics.name, () => {
  let metrics: MetricsService;
  let sut: DirectoryMetrics;

  beforeEach(() => {
    metrics = new MetricsService();
    // Unit scope: only observe() is exercised, so the runs table is never read.
    sut = new DirectoryMetrics(metrics, {} as DirectorySyncRunsRepository, { kind: 'local' } as DirectoryConfigType);
  });

  const counter = async (operation: string, outcome: string) => {
    const metric = await metrics.registry.getSingleMetric('resetdesk_directory_operations_total')!.get();
    return metric.values.find((value) => value.labels.operation === operation && value.labels.outcome === outcome)?.value;
  };
  // Histogram values carry their series name (…_bucket, …_sum, …_count) beside the labels.
  const histogram = async (series: 'count' | 'sum', operation: string) => {
    const metric = await metrics.registry.getSingleMetric('resetdesk_directory_operation_seconds')!.get();
    const values = metric.values as Array<{ metricName?: string; labels: Record<string, unknown>; value: number }>;
    return values.find(
      (value) => value.metricName === `resetdesk_directory_operation_seconds_${series}` && value.labels.operation === operation,
    )?.value;
  };
  const timings = (operation: string) => histogram('count', operation);

  it('starts every operation and outcome at zero', async () => {
    for (const operation of ['set_password', 'change_password', 'unlock', 'check']) {
      for (const outcome of ['ok', 'refused', 'unavailable']) expect(await counter(operation, outcome)).toBe(0);
    }
  });

  it('passes the result through and counts it ok', async () => {
    await expect(sut.observe('set_password', async () => 'written')).resolves.toBe('written');
    expect(await counter('set_password', 'ok')).toBe(1);
    expect(await counter('set_password', 'refused')).toBe(0);
    expect(await timings('set_password')).toBe(1);
  });

  it('rethrows a refusal unchanged and counts it refused', async () => {
    const refusal = new DirectoryRefusal(
      DIRECTORY_RULES.QUALITY,
      'The directory found the password too weak',
      'Password fails quality checking policy',
    );
    await expect(sut.observe('change_password', () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(await counter('change_password', 'refused')).toBe(1);
    expect(await counter('change_password', 'ok')).toBe(0);
    expect(await timings('change_password')).toBe(1);
  });

  it('rethrows an outage unchanged and counts it unavailable', async () => {
    const outage = new DirectoryUnavailable('The directory at ldaps://dc1:636 did not answer');
    await expect(sut.observe('unlock', () => Promise.reject(outage))).rejects.toBe(outage);
    expect(await counter('unlock', 'unavailable')).toBe(1);
  });

  it('times the call, including a slow one', async () => {
    await sut.observe('check', () => new Promise((resolve) => setTimeout(resolve, 60)));
    const sum = (await histogram('sum', 'check'))!;
    expect(sum).toBeGreaterThanOrEqual(0.05);
    expect(sum).toBeLessThan(1);
  });

  it('registers no reachability or sync series for the local store', () => {
    sut.onModuleInit();
    expect(metrics.registry.getSingleMetric('resetdesk_directory_up')).toBeUndefined();
    expect(metrics.registry.getSingleMetric('resetdesk_directory_last_sync_timestamp_seconds')).toBeUndefined();
  });
});
