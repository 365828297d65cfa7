import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Node 20's AsyncLocalStorage stays enabled for good once used, and every enabled one does work for every promise
 * any code creates. A jest worker runs test files one after another, each with its own copies of the modules that
 * hold one (pino's request logging, Nest's interceptors, BullMQ's worker, jest-circus itself): by a worker's
 * fortieth file, forty sets of them were propagated on every promise — ~9 % of the suite's CPU in a profile.
 *
 * The class is Node's own, shared by every test file of the worker, so its prototype can note each storage as it
 * is first used; a new test file then disables the ones earlier files used. Nothing of theirs runs any more, and a
 * storage used again later enables itself again (`run` and `enterWith` do that).
 */
const USED = Symbol.for('resetdesk.test.usedAsyncLocalStorages');

type Noted = AsyncLocalStorage<unknown> & { [USED]?: true };
type Prototype = { [USED]?: Set<Noted>; run: (...args: unknown[]) => unknown; enterWith: (...args: unknown[]) => unknown };

export function releaseEarlierFilesAsyncStorages(): void {
  const prototype = AsyncLocalStorage.prototype as unknown as Prototype;
  let used = prototype[USED];
  if (!used) {
    const noted = new Set<Noted>();
    used = noted;
    prototype[USED] = noted;
    for (const method of ['run', 'enterWith'] as const) {
      const original = prototype[method];
      prototype[method] = function (this: Noted, ...args: unknown[]) {
        noted.add(this);
        return original.apply(this, args);
      };
    }
  }
  for (const storage of used) storage.disable();
  used.clear();
}
