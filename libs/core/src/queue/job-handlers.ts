import { JobNamesByQueue, QueueName } from './queue.constants';

/** Refuses to build a processor that cannot handle every job name its queue may carry. */
export function assertHandlesEveryJob(queue: QueueName, handlers: Record<string, unknown>): void {
  const missing = JobNamesByQueue[queue].filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`The ${queue} processor has no handler for job(s): ${missing.join(', ')}`);
  }
}
