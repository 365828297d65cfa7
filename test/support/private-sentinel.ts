import { ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { endProcess } from './stop-process';

export const SENTINEL_PRIMARY_NAME = 'resetdesk';
/** How long the sentinels wait for a silent primary before they agree it is down; the failover follows within a second or two. */
const DOWN_AFTER_MS = 1000;

interface Node {
  port: number;
  process?: ChildProcess;
}

/**
 * A primary, a replica and three sentinels watching them (quorum 2), each a
 * redis-server of the test's own on a loopback port in a temp folder: what a
 * production Redis with Sentinel looks like, small enough to start in a
 * second and to fail over in a few.
 */
export class PrivateSentinelRedis {
  private constructor(
    private readonly dir: string,
    private readonly dataNodes: Node[],
    private readonly sentinels: Node[],
  ) {}

  static async start(): Promise<PrivateSentinelRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'resetdesk-sentinel-'));
    const dataNodes: Node[] = [{ port: await freePort() }, { port: await freePort() }];
    const sentinels: Node[] = [{ port: await freePort() }, { port: await freePort() }, { port: await freePort() }];
    const redis = new PrivateSentinelRedis(dir, dataNodes, sentinels);
    try {
      await redis.startDataNode(0, []);
      await redis.startDataNode(1, ['--replicaof', '127.0.0.1', String(dataNodes[0]!.port)]);
      await waitFor(async () => /master_link_status:up/.test(await redis.onPort(dataNodes[1]!.port, (c) => c.info('replication'))), {
        what: 'the replica to sync',
        timeoutMs: 10_000,
        intervalMs: 100,
      });
      for (let index = 0; index < sentinels.length; index++) await redis.startSentinel(index);
      // Every sentinel knows the replica and its two peers: a failover can be agreed on.
      await waitFor(async () => (await Promise.all(sentinels.map((s) => redis.sentinelKnowsAll(s.port)))).every(Boolean), {
        what: 'the sentinels to find the replica and each other',
        timeoutMs: 20_000,
        intervalMs: 200,
      });
      return redis;
    } catch (error) {
      await redis.stop();
      throw error;
    }
  }

  /** The environment that points ResetDesk at these sentinels. */
  env(): Record<string, string> {
    return {
      REDIS_SENTINELS: this.sentinels.map(({ port }) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_NAME: SENTINEL_PRIMARY_NAME,
      // Unused in Sentinel mode but for its password and database: a port nothing listens on proves it.
      REDIS_URL: 'redis://127.0.0.1:1',
    };
  }

  /** The port of the server the sentinels currently name primary. */
  async primaryPort(): Promise<number> {
    const reply = (await this.onPort(this.sentinels[0]!.port, (client) =>
      client.call('SENTINEL', 'get-master-addr-by-name', SENTINEL_PRIMARY_NAME),
    )) as [string, string];
    return Number(reply[1]);
  }

  /** SIGKILL of the current primary: no goodbye to its clients or replicas. Returns its port. */
  async killPrimary(): Promise<number> {
    const port = await this.primaryPort();
    const node = this.dataNodes.find((candidate) => candidate.port === port)!;
    await kill(node);
    return port;
  }

  /** A planned switchover (SENTINEL FAILOVER): the primary stays up, is demoted to replica and answers writes READONLY. Returns its port. */
  async switchPrimary(): Promise<number> {
    const port = await this.primaryPort();
    await this.onPort(this.sentinels[0]!.port, (client) => client.call('SENTINEL', 'FAILOVER', SENTINEL_PRIMARY_NAME));
    return port;
  }

  /** Until the sentinels name a primary other than `port` and it accepts writes. */
  async waitForNewPrimary(port: number, timeoutMs = 30_000): Promise<number> {
    return waitFor(
      async () => {
        const current = await this.primaryPort().catch(() => port);
        if (current === port) return false;
        const role = await this.onPort(current, (client) => client.info('replication')).catch(() => '');
        return /role:master/.test(role) ? current : false;
      },
      { what: 'Sentinel to promote the replica', timeoutMs, intervalMs: 50 },
    );
  }

  onPort<T>(port: number, run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis({
      host: '127.0.0.1',
      port,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    client.on('error', () => undefined);
    return run(client).finally(() => client.disconnect());
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.dataNodes].map(kill));
    await rm(this.dir, { recursive: true, force: true });
  }

  private async startDataNode(index: number, extra: string[]): Promise<void> {
    const node = this.dataNodes[index]!;
    const dir = join(this.dir, `data-${index}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    node.process = spawn(
      'redis-server',
      ['--port', String(node.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra],
      { stdio: 'ignore' },
    );
    await this.waitForPing(node.port);
  }

  private async startSentinel(index: number): Promise<void> {
    const node = this.sentinels[index]!;
    // Sentinel rewrites its config file as it learns the topology, so each one gets a file of its own.
    const file = join(this.dir, `sentinel-${index}.conf`);
    await writeFile(
      file,
      [
        `port ${node.port}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${SENTINEL_PRIMARY_NAME} 127.0.0.1 ${this.dataNodes[0]!.port} 2`,
        `sentinel down-after-milliseconds ${SENTINEL_PRIMARY_NAME} ${DOWN_AFTER_MS}`,
        `sentinel failover-timeout ${SENTINEL_PRIMARY_NAME} 5000`,
        `sentinel parallel-syncs ${SENTINEL_PRIMARY_NAME} 1`,
        '',
      ].join('\n'),
    );
    node.process = spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' });
    await this.waitForPing(node.port);
  }

  private async sentinelKnowsAll(port: number): Promise<boolean> {
    const master = (await this.onPort(port, (client) => client.call('SENTINEL', 'master', SENTINEL_PRIMARY_NAME))) as string[];
    const field = (name: string) => Number(master[master.indexOf(name) + 1]);
    return field('num-slaves') >= 1 && field('num-other-sentinels') >= this.sentinels.length - 1;
  }

  private waitForPing(port: number): Promise<boolean> {
    return waitFor(
      () =>
        this.onPort(port, (client) => client.ping()).then(
          () => true,
          () => false,
        ),
      { what: `redis on port ${port}`, timeoutMs: 10_000, intervalMs: 100 },
    );
  }
}

async function kill(node: Node): Promise<void> {
  const child = node.process;
  node.process = undefined;
  await endProcess(child, 'SIGKILL');
}
