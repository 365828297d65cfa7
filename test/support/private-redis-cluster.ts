import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Redis from 'ioredis';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { endProcess } from './stop-process';

const run = promisify(execFile);

/**
 * A Redis Cluster of the test's own: three primaries, each with a replica, on loopback ports (each with its cluster
 * bus on another free port) in a temp folder, without persistence, the 16,384 slots split between the primaries by
 * `redis-cli --cluster create`. A killed primary's replica takes over once the others have missed it for the node
 * timeout (2 s).
 */
export class PrivateRedisCluster {
  private readonly processes = new Map<number, ChildProcess>();

  private constructor(
    readonly ports: number[],
    private readonly dir: string,
  ) {}

  static async start(primaries = 3): Promise<PrivateRedisCluster> {
    const ports: number[] = [];
    for (let i = 0; i < primaries * 2; i++) ports.push(await freePort());
    const cluster = new PrivateRedisCluster(ports, await mkdtemp(join(tmpdir(), 'resetdesk-redis-cluster-')));
    try {
      for (const port of ports) await cluster.startNode(port);
      const nodes = ports.map((port) => `127.0.0.1:${port}`);
      await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '1', '--cluster-yes']);
      await waitFor(async () => (await Promise.all(ports.map((port) => cluster.clusterState(port)))).every((state) => state === 'ok'), {
        what: 'the cluster to cover every slot',
        timeoutMs: 15_000,
        intervalMs: 100,
      });
      // A replica that has not finished its first sync has no data to offer and never stands for election.
      await waitFor(async () => (await Promise.all(ports.map((port) => cluster.replicaSynced(port)))).every(Boolean), {
        what: 'every replica to finish its first sync',
        timeoutMs: 15_000,
        intervalMs: 100,
      });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** REDIS_CLUSTER_NODES naming every node. */
  get nodes(): string {
    return this.ports.map((port) => `127.0.0.1:${port}`).join(',');
  }

  /** The keys each primary holds that start with `prefix`, by port (replicas hold copies and are left out). */
  async keysByPrimary(prefix: string): Promise<Record<number, string[]>> {
    const entries = await Promise.all(
      this.livePorts().map(
        async (port) =>
          [
            port,
            await this.onNode(port, async (client) => ((await client.role())[0] === 'master' ? client.keys(`${prefix}*`) : [])),
          ] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  onNode<T>(port: number, work: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, lazyConnect: true });
    return work(client).finally(() => client.disconnect());
  }

  /** The port of the primary serving `key`'s slot now, as a live node sees it. */
  async primaryOf(key: string, askPort = this.livePorts()[0]!): Promise<number> {
    return this.onNode(askPort, async (client) => {
      const slot = Number(await client.cluster('KEYSLOT', key));
      const range = (await client.cluster('SLOTS')).find(([from, to]) => from <= slot && slot <= to);
      if (!range?.[2]) throw new Error(`no node serves slot ${slot}`);
      return Number(range[2][1]);
    });
  }

  /** SIGKILLs the primary serving `key` (no chance to hand anything over); answers its port. */
  async killPrimaryOf(key: string): Promise<number> {
    const port = await this.primaryOf(key);
    await endProcess(this.processes.get(port), 'SIGKILL');
    this.processes.delete(port);
    return port;
  }

  /** Waits until a live node names another primary for `key` than `oldPort`, and the cluster is whole again. */
  async waitForPromotion(key: string, oldPort: number, timeoutMs = 20_000): Promise<number> {
    try {
      return await waitFor(
        async () => {
          const live = this.livePorts();
          const primary = await this.primaryOf(key, live[0]).catch(() => oldPort);
          const states = await Promise.all(live.map((port) => this.clusterState(port)));
          return primary !== oldPort && states.every((state) => state === 'ok') ? primary : undefined;
        },
        { what: `a replica promoted in place of ${oldPort}`, timeoutMs, intervalMs: 50 },
      );
    } catch (error) {
      const nodes = await this.onNode(this.livePorts()[0]!, (client) => client.cluster('NODES')).catch(String);
      throw new Error(`${(error as Error).message}; CLUSTER NODES:\n${String(nodes)}`);
    }
  }

  private livePorts(): number[] {
    return this.ports.filter((port) => this.processes.has(port));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((child) => endProcess(child, 'SIGKILL')));
    await rm(this.dir, { recursive: true, force: true });
  }

  private async startNode(port: number): Promise<void> {
    const busPort = await freePort();
    this.processes.set(
      port,
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          join(this.dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '2000',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          this.dir,
        ],
        { stdio: 'ignore' },
      ),
    );
    await waitFor(
      () =>
        this.onNode(port, (client) => client.ping()).then(
          () => true,
          () => false,
        ),
      {
        what: `cluster node on port ${port}`,
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
  }

  /** A primary, or a replica whose link to its primary is up. */
  private async replicaSynced(port: number): Promise<boolean> {
    const info = String(await this.onNode(port, (client) => client.info('replication')).catch(() => ''));
    return /role:master/.test(info) || /master_link_status:up/.test(info);
  }

  private async clusterState(port: number): Promise<string | undefined> {
    const info = await this.onNode(port, (client) => client.cluster('INFO')).catch(() => '');
    return /cluster_state:(\w+)/.exec(String(info))?.[1];
  }
}
