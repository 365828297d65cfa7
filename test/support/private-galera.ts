import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './ports';
import { waitFor } from './wait-for';
import { endProcess } from './stop-process';

const run = promisify(execFile);

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

/** Whether this machine can run a private cluster: Debian's galera-4 next to the MariaDB server. */
export function galeraAvailable(): boolean {
  return existsSync(GALERA_PROVIDER) && existsSync('/usr/sbin/mariadbd');
}

interface GaleraNodePorts {
  sql: number;
  group: number;
  ist: number;
  sst: number;
}

/**
 * A three-node MariaDB Galera cluster of the test's own: three mariadbd processes on loopback ports in temp folders,
 * the first bootstrapping the cluster and the others joining it. Nodes can be killed
 * (SIGKILL, as a lost machine) while the others carry on.
 */
export class PrivateGalera {
  private readonly processes: Array<ChildProcess | undefined> = [];

  private constructor(
    private readonly dir: string,
    private readonly ports: GaleraNodePorts[],
  ) {}

  static async start(nodes = 3): Promise<PrivateGalera> {
    const dir = await mkdtemp(join(tmpdir(), 'resetdesk-galera-'));
    const ports: GaleraNodePorts[] = [];
    for (let i = 0; i < nodes; i++)
      ports.push({ sql: await freePort(), group: await freePort(), ist: await freePort(), sst: await freePort() });
    const cluster = new PrivateGalera(dir, ports);
    try {
      await run('mariadb-install-db', [
        '--no-defaults',
        `--datadir=${cluster.dataDir(0)}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--user=root',
      ]);
      // The first start gives the cluster its identity and position (grastate.dat); nodes that start from copies of
      // that datadir are already in the cluster's state and join without a state transfer, which takes seconds
      // less and needs neither rsync nor a backup tool.
      await cluster.startNode(0, true);
      await cluster.shutDown(0);
      for (let i = 1; i < nodes; i++) await cp(cluster.dataDir(0), cluster.dataDir(i), { recursive: true });
      // The transfer's rsync daemon runs as nobody when started by root: it must reach and write the datadirs.
      await chmod(dir, 0o755);
      for (let i = 0; i < nodes; i++) await chmod(cluster.dataDir(i), 0o777);
      await cluster.startNode(0, true);
      // One joiner at a time: two asking the donor at once leaves one of them waiting for good.
      for (let i = 1; i < nodes; i++) await cluster.startNode(i, false);
      return cluster;
    } catch (error) {
      const logs = await cluster.errorLogTails(40);
      await cluster.stop();
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs}`);
    }
  }

  get size(): number {
    return this.ports.length;
  }

  /** A DATABASE_URL for `database` on node `i`. */
  url(i: number, database: string): string {
    return `mysql://root@127.0.0.1:${this.ports[i]!.sql}/${database}`;
  }

  /** Runs one statement on node `i` (no database selected unless the SQL names one). */
  async query<T = unknown>(i: number, sql: string): Promise<T> {
    const connection = await createConnection({ host: '127.0.0.1', port: this.ports[i]!.sql, user: 'root', multipleStatements: false });
    try {
      const [rows] = await connection.query(sql);
      return rows as T;
    } finally {
      await connection.end();
    }
  }

  /** The cluster size node `i` sees (wsrep_cluster_size). */
  async clusterSize(i: number): Promise<number> {
    const rows = await this.query<Array<{ Value: string }>>(i, "SHOW STATUS LIKE 'wsrep_cluster_size'");
    return Number(rows[0]?.Value ?? 0);
  }

  /** Kills node `i` as a lost machine would go: no shutdown, no goodbye to the group. */
  kill(i: number): Promise<void> {
    return this.end(i, 'SIGKILL');
  }

  /** A clean shutdown (SIGTERM), which leaves the node's position in grastate.dat. */
  private shutDown(i: number): Promise<void> {
    return this.end(i, 'SIGTERM');
  }

  private async end(i: number, signal: NodeJS.Signals): Promise<void> {
    const child = this.processes[i];
    this.processes[i] = undefined;
    await endProcess(child, signal);
  }

  async stop(): Promise<void> {
    for (let i = this.processes.length - 1; i >= 0; i--) await this.kill(i);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** The last lines of each node's error log, for a failure message (the folder goes with the cluster). */
  private async errorLogTails(lines = 15): Promise<string> {
    const tails = await Promise.all(
      this.ports.map(async (_, i) => {
        const log = await readFile(join(this.dir, `node${i}.err`), 'utf8').catch(() => '(no log)');
        return `--- node${i}.err\n${log.split('\n').slice(-lines).join('\n')}`;
      }),
    );
    return tails.join('\n');
  }

  private dataDir(i: number): string {
    return join(this.dir, `node${i}`);
  }

  private async startNode(i: number, bootstrap: boolean): Promise<void> {
    const ports = this.ports[i]!;
    const members = this.ports.map((node) => `127.0.0.1:${node.group}`).join(',');
    const args = [
      '--no-defaults',
      `--datadir=${this.dataDir(i)}`,
      `--socket=${join(this.dir, `node${i}.sock`)}`,
      `--pid-file=${join(this.dir, `node${i}.pid`)}`,
      `--log-error=${join(this.dir, `node${i}.err`)}`,
      `--port=${ports.sql}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--innodb-buffer-pool-size=64M',
      '--innodb-log-file-size=16M',
      '--innodb-flush-log-at-trx-commit=2',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
      '--wsrep-on=ON',
      `--wsrep-provider=${GALERA_PROVIDER}`,
      '--wsrep-cluster-name=resetdesk-test',
      `--wsrep-node-name=node${i}`,
      `--wsrep-node-address=127.0.0.1:${ports.group}`,
      `--wsrep-cluster-address=gcomm://${members}`,
      // A killed node is declared gone within seconds, not the default 15+, so the survivors carry on quickly.
      `--wsrep-provider-options=base_port=${ports.group};ist.recv_addr=127.0.0.1:${ports.ist};gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT5S;evs.install_timeout=PT5S`,
      // The joiners start from copies of the cluster's own datadir, so the transfer is incremental (the few view
      // changes since the copy); the rsync script still runs for it, on a port of each node's own.
      '--wsrep-sst-method=rsync',
      `--wsrep-sst-receive-address=127.0.0.1:${ports.sst}`,
      ...(bootstrap ? ['--wsrep-new-cluster'] : []),
    ];
    const child = spawn('/usr/sbin/mariadbd', args, { stdio: 'ignore' });
    this.processes[i] = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`Galera node ${i} exited with ${child.exitCode}; see ${join(this.dir, `node${i}.err`)}`);
        const rows = await this.query<Array<{ Value: string }>>(i, "SHOW STATUS LIKE 'wsrep_local_state_comment'").catch(() => []);
        return rows[0]?.Value === 'Synced';
      },
      { what: `Galera node ${i} to be synced`, timeoutMs: 60_000, intervalMs: 250 },
    );
  }
}
