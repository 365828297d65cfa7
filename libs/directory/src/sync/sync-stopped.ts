import { DirectoryUnavailable, operatorText } from '../directory.errors';

/**
 * An error of the sync itself (the database, the lease, a setting that
 * names nothing), raised inside a directory connection's work. The
 * connection reads anything that is not the directory's own answer as "the
 * directory did not answer"; this one passes through it untouched (it is a
 * DirectoryUnavailable to the connection), and the sync rethrows `cause`.
 */
export class SyncStopped extends DirectoryUnavailable {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), cause, operatorText(cause));
    this.name = 'SyncStopped';
  }
}

/** Runs work whose failure is the sync's, not the directory's. */
export async function notTheDirectory<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof SyncStopped ? error : new SyncStopped(error);
  }
}

/** The error as the sync's caller should see it. */
export function unwrapSyncStopped(error: unknown): unknown {
  return error instanceof SyncStopped ? error.cause : error;
}
