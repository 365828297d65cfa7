import { Queue } from 'bullmq';

/** Failed jobs kept for operators: the queues keep at most a few hundred (removeOnFail), so one read finds them all. */
const MAX_FAILED_READ = 1000;

/**
 * Removes the failed jobs named `name` that finished before `before` (ms):
 * for a job whose success covers every earlier run (a seal seals all that
 * is pending, a verification checks the whole chain), those failures are
 * history, and counting them on the System page forever hides new ones.
 */
export async function clearFailuresBefore(queue: Queue, name: string, before: number): Promise<number> {
  const failed = await queue.getFailed(0, MAX_FAILED_READ - 1);
  const moot = failed.filter((job) => job && job.name === name && (job.finishedOn ?? 0) < before);
  const removed = await Promise.all(
    moot.map((job) =>
      job.remove().then(
        () => 1,
        () => 0,
      ),
    ),
  );
  return removed.reduce<number>((sum, one) => sum + one, 0);
}
