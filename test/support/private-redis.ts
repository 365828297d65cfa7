import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { endProcess } from './stop-process';

/**
 * A redis-server of the test's own, on a free loopback port in a temp folder
 * and without persistence, so fault tests can flush it, stop it and start it
 * empty again without touching the shared Redis everyone else uses.
 */
export class PrivateRedis {
  private process?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), await mkdtemp(join(tmpdir(), 'resetdesk-redis-')));
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Deletes every key, as an operator's FLUSHALL (or an eviction of everything) would; answers how many keys it removed (counted in the same MULTI, so a live worker's writes cannot blur it). */
  async flushAll(): Promise<number> {
    const replies = await this.command((client) => client.multi().dbsize().flushall().exec());
    const [error, removed] = replies?.[0] ?? [new Error('MULTI was discarded')];
    if (error) throw error;
    return Number(removed);
  }

  command<T>(run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis({ host: '127.0.0.1', port: this.port, maxRetriesPerRequest: 1 });
    return run(client).finally(() => client.disconnect());
  }

  /** Kills the server (SIGKILL: no chance to save anything, and it was told not to). */
  async crash(): Promise<void> {
    await endProcess(this.process, 'SIGKILL');
    this.process = undefined;
  }

  /** Starts the server (again) on the same port, empty. */
  async resume(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      () =>
        this.command((client) => client.ping()).then(
          () => true,
          () => false,
        ),
      { what: `redis-server on port ${this.port}`, timeoutMs: 10_000, intervalMs: 100 },
    );
  }

  async stop(): Promise<void> {
    await this.crash();
    await rm(this.dir, { recursive: true, force: true });
  }
}
