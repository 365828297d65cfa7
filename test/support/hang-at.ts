import { DirectoryConnection } from '@resetdesk/directory';
import { Client } from 'ldapts';

type ClientCall = 'exop' | 'modify' | 'search';

/**
 * A real connection whose client runs `hang` (freezing the private server)
 * just before its first `method` call of each operation goes out: with
 * `exop` or `modify` that is the password write, which the server then has
 * in its socket but never answers in time; with `search`, a read before it.
 */
export class HangingAt extends DirectoryConnection {
  constructor(
    config: ConstructorParameters<typeof DirectoryConnection>[0],
    private readonly method: ClientCall,
    private readonly hang: () => void,
  ) {
    super(config);
  }

  override connected<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return super.connected((client) => work(callingFirst(client, this.method, this.hang)));
  }
}

function callingFirst(client: Client, method: ClientCall, before: () => void): Client {
  let called = false;
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      if (property !== method) return bound;
      return (...args: unknown[]) => {
        if (!called) before();
        called = true;
        return bound(...args);
      };
    },
  });
}
