import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { ROOT } from './run-entrypoint';
import { waitFor } from './wait-for';
import { endProcess } from './stop-process';

/** haproxy's word for a server: UP, DOWN, MAINT, NOLB… */
export type ServerStatus = string;

/** The configuration operators are given (compose mounts it); the test fills in its environment variables. */
const SHIPPED_CONFIG = join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg');

/**
 * A haproxy of the test's own, running the shipped `deploy/haproxy/haproxy.cfg` in front of two API instances on
 * loopback ports: round robin, health checks on `/api/health`, `X-Forwarded-For` added (so the APIs run with
 * `TRUST_PROXY=1`), a refused connection retried on the other server, and each answer naming the server that
 * gave it in `X-Served-By`.
 */
export class PrivateHaproxy {
  private process?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** `apiPorts`: the two instances, named api1 and api2 as in the shipped file. */
  static async start(apiPorts: [number, number]): Promise<PrivateHaproxy> {
    const haproxy = new PrivateHaproxy(await freePort(), await mkdtemp(join(tmpdir(), 'resetdesk-haproxy-')));
    haproxy.process = spawn('haproxy', ['-db', '-f', SHIPPED_CONFIG], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HAPROXY_BIND: `127.0.0.1:${haproxy.port}`,
        HAPROXY_ADMIN_SOCKET: haproxy.adminSocket,
        API_1: `127.0.0.1:${apiPorts[0]}`,
        API_2: `127.0.0.1:${apiPorts[1]}`,
      },
    });
    // Its request log goes to stdout; only the last lines are kept, for a failure's message.
    const keep = (chunk: Buffer) => (haproxy.output = (haproxy.output + chunk.toString()).slice(-4000));
    haproxy.process.stdout?.on('data', keep);
    haproxy.process.stderr?.on('data', keep);
    await waitFor(async () => (await haproxy.statuses().catch(() => ({}) as Record<string, string>)).api1 !== undefined, {
      what: `haproxy on port ${haproxy.port} (${haproxy.output.trim() || 'no output'})`,
      timeoutMs: 10_000,
    });
    return haproxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Each server's state as haproxy's health checks see it, by name. */
  async statuses(): Promise<Record<string, ServerStatus>> {
    const csv = await this.admin('show stat');
    const lines = csv.split('\n').filter((line) => line && !line.startsWith('#'));
    const header = csv.slice(2, csv.indexOf('\n')).split(',');
    const column = (name: string) => header.indexOf(name);
    const statuses: Record<string, ServerStatus> = {};
    for (const line of lines) {
      const fields = line.split(',');
      const name = fields[column('svname')]!;
      if (name !== 'FRONTEND' && name !== 'BACKEND') statuses[name] = fields[column('status')]!.split(' ')[0]!;
    }
    return statuses;
  }

  async waitForStatus(server: string, status: ServerStatus, timeoutMs = 15_000): Promise<void> {
    await waitFor(async () => (await this.statuses())[server] === status, {
      what: `${server} ${status} in haproxy`,
      timeoutMs,
      intervalMs: 25,
    });
  }

  async stop(): Promise<void> {
    await endProcess(this.process, 'SIGTERM');
    await rm(this.dir, { recursive: true, force: true });
  }

  private get adminSocket(): string {
    return join(this.dir, 'admin.sock');
  }

  /** One command on the admin socket; its whole answer. */
  private admin(command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(this.adminSocket);
      let answer = '';
      socket.on('connect', () => socket.end(`${command}\n`));
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }
}
