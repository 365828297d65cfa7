import { withTimeout } from '../with-timeout';

/** Rows a sweep reads and hands back to the queue at a time. */
export const OUTBOX_SWEEP_PAGE = 500;
/** A queue add waits at most this long; an outage must not pile up requests (the sweeper catches up). */
const QUEUE_ADD_TIMEOUT_MS = 5_000;

/** A queue add that gives up in time when Redis does not answer. */
export function addWithinTime<T>(add: Promise<T>): Promise<T> {
  return withTimeout(add, QUEUE_ADD_TIMEOUT_MS, 'Redis did not accept the job in time');
}

/**
 * The sweep of a database outbox: pages of rows still waiting for their job
 * (lost with Redis, or never queued) are handed to `requeue` until a short
 * page says none is left. Returns how many rows were queued again.
 */
export async function requeueStalePages<Row>(
  findPage: (limit: number) => Promise<Row[]>,
  requeue: (rows: Row[]) => Promise<void>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const page = await findPage(OUTBOX_SWEEP_PAGE);
    if (page.length > 0) await requeue(page);
    total += page.length;
    if (page.length < OUTBOX_SWEEP_PAGE) return total;
  }
}
