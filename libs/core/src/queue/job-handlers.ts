import { OnModuleInit } from '@nestjs/common';
import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { JobNamesByQueue, QueueName } from './queue.constants';

/** Refuses to build a processor that cannot handle every job name its queue may carry. */
export function assertHandlesEveryJob(queue: QueueName, handlers: Record<string, unknown>): void {
  const missing = JobNamesByQueue[queue].filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) {
    throw new Error(`The ${queue} processor has no handler for job(s): ${missing.join(', ')}`);
  }
}

/**
 * A processor that routes each job by name to a handler that calls a domain
 * service. The handler map is checked against the queue's job names when the
 * worker starts, so a job nobody handles stops the worker at boot, not at 3 am.
 */
export abstract class JobRouter<Name extends string> extends WorkerHost implements OnModuleInit {
  protected abstract readonly queue: QueueName;
  protected abstract readonly handlers: Record<Name, (job: Job) => Promise<unknown>>;

  onModuleInit(): void {
    assertHandlesEveryJob(this.queue, this.handlers);
  }

  process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as Name];
    if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}" on the ${this.queue} queue`);
    return handler(job);
  }
}
