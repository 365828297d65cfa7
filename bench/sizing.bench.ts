/**
 * npm run bench:sizing — what one vCPU serves: the figures of the sizing table in docs/operations.md.
 *
 * The API, and then the raw baselines of the same requests (bench/sizing-target.ts), run in a process pinned to
 * CPU 0 with taskset; this process (the load), MariaDB and Redis are pinned to the other CPUs for the run and
 * given their affinity back afterwards. Measured on that one core, each with its ratio to the raw baseline:
 *  - staff sign-ins/s (POST /api/auth/login, argon2id m=19 MiB t=2 p=1) against a row lookup + one argon2 verify;
 *  - OTP verifies/s (wrong codes, each one counted) against the same SQL on node:http + mysql2;
 *  - forgot-password requests/s (POST /api/self-service/forgot-password, 202) against two Redis counters, the
 *    sealed row and its BullMQ job.
 * Then the worker's two big jobs, each bench pinned to CPU 0 the same way: the reminder scan (bench:reminders)
 * and a full directory sync (bench:directory). It ends with the instances a portal of 1 M accounts and a 200-agent
 * desk need, from the peak loads it states.
 *
 * Options: --accounts N for the scan (default 200,000), --entries N for the sync (default 50,000),
 * BENCH_SECONDS per HTTP load (default 10).
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createPool, Pool } from 'mysql2/promise';
import { deriveKey } from '@resetdesk/core';
import { StaffService } from '@resetdesk/staff';
import { createApi } from '../apps/api/src/create-api';
import { freshBenchDatabase, rawConnectionOptions } from './bench-database';
import { sizeOption } from './bench-options';
import { insertPendingChallenges, LoadResult, resetChallenges, RIGHT_CODE, TRIES_PER_CHALLENGE, wrongCodeLoad } from './otp-fixtures';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MEMBERS = 20;
const PASSWORD = 'Bench-password-123';
const TICKETS = 1500;
/** The core the measured process gets; everything else gets the rest. */
const MEASURED_CPU = '0';

/** Pins every thread of `pid` to `cpus` (taskset's list syntax); answers how to give it its old affinity back. */
function pin(pid: number, cpus: string): () => void {
  const before = /: (\S+)$/.exec(execFileSync('taskset', ['-p', '-c', String(pid)], { encoding: 'utf8' }).trim())![1]!;
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  return () => {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', before, String(pid)], { stdio: 'ignore' });
    } catch {
      // The process is gone.
    }
  };
}

const pidsOf = (name: string): number[] => {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
};

/** Starts sizing-target.js `mode` on the measured core; resolves with its URL and a stop. */
async function startTarget(mode: 'api' | 'raw'): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn('taskset', ['-c', MEASURED_CPU, process.execPath, join(__dirname, 'sizing-target.js'), mode], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the ${mode} target exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A different client address for every request: 10.0.0.0/8 holds 16 M. */
const clientAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function loadFor(url: string, connections: number, path: string, body: (n: number) => unknown, headers: Record<string, string> = {}) {
  const statuses: Record<string, number> = {};
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', ...headers },
        setupRequest: (request) => {
          const i = n++;
          return { ...request, headers: { ...request.headers, 'x-forwarded-for': clientAddress(i) }, body: JSON.stringify(body(i)) };
        },
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { requestsPerSecond: result.requests.total / result.duration, p99: result.latency.p99, statuses } satisfies LoadResult;
}

interface HttpFigures {
  signIn: LoadResult;
  otp: LoadResult;
  forgot: LoadResult;
}

/** The three loads against one target; with `signed`, the OTP requests carry a member's access token (the API checks it). */
async function measureHttp(pool: Pool, url: string, signed: boolean): Promise<HttpFigures> {
  const signIn = await loadFor(url, 4, '/api/auth/login', (n) => ({ email: `member${n % MEMBERS}@example.com`, password: PASSWORD }));
  let headers: Record<string, string> = {};
  if (signed) {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'member0@example.com', password: PASSWORD }),
    });
    headers = { authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
  }
  await resetChallenges(pool);
  const otp = await wrongCodeLoad(url, headers, TICKETS, 16);
  const run = Date.now().toString(36);
  const forgot = await loadFor(url, 16, '/api/self-service/forgot-password', (n) => ({ email: `holder-${run}-${n}@example.com` }));
  for (const [name, result, expected] of [
    ['sign-in', signIn, '200'],
    ['OTP', otp, '422'],
    ['forgot-password', forgot, '202'],
  ] as const) {
    const other = Object.keys(result.statuses).filter((status) => status !== expected);
    if (other.length) throw new Error(`${name} answered ${JSON.stringify(result.statuses)}; only ${expected} was expected`);
  }
  return { signIn, otp, forgot };
}

/** Runs another bench pinned to the measured core (its slapd, if it starts one, moved off it); its product's rate. */
async function pinnedBench(name: string, args: string[], unit: 'accounts' | 'entries', others: string): Promise<number> {
  const child = spawn('taskset', ['-c', MEASURED_CPU, process.execPath, '--expose-gc', join(__dirname, `${name}.bench.js`), ...args], {
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A directory is another machine in production: its server must not share the measured core.
  const movedOff = new Set<number>();
  const mover = setInterval(() => {
    for (const pid of [...pidsOf('slapd'), ...pidsOf('slapadd')].filter((found) => !movedOff.has(found))) {
      movedOff.add(pid);
      try {
        pin(pid, others);
      } catch {
        // Gone already (slapadd is short-lived).
      }
    }
  }, 100);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '    '));
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(mover);
  if (code !== 0) throw new Error(`bench:${name} failed (${code})`);
  const rate = new RegExp(`^product [^:]*: [\\d.]+ s, ([\\d,]+) ${unit}/s`, 'm').exec(out)?.[1];
  if (!rate) throw new Error(`bench:${name} printed no product rate`);
  return Number(rate.replaceAll(',', ''));
}

const perSecond = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: value < 100 ? 1 : 0 });

async function main(): Promise<void> {
  const cpus = availableParallelism();
  if (cpus < 2) throw new Error('bench:sizing pins the measured process to one core and everything else to the others: it needs 2 or more');
  const others = `1-${cpus - 1}`;
  const accounts = sizeOption('--accounts', 200_000);
  const entries = sizeOption('--entries', 50_000);

  // Holders arrive from many addresses through a balancer (X-Forwarded-For below), as a portal's do: the per-address
  // limits count as in production and refuse none of them.
  const config = await freshBenchDatabase({ MFA_REQUIRED_ROLES: '', AUTH_RATE_LIMIT_PER_MINUTE: '10000', TRUST_PROXY: 'loopback' });
  const pool = createPool({ ...rawConnectionOptions(config.database), connectionLimit: 10 });
  const restores: Array<() => void> = [];
  try {
    // Fixtures through the real services: staff members with real argon2 hashes, then challenges to guess at.
    const setup = await createApi();
    await setup.init();
    const staff = setup.get(StaffService);
    let agentId = 0;
    for (let i = 0; i < MEMBERS; i++) {
      const member = await staff.create(
        null,
        { email: `member${i}@example.com`, name: `Member ${i}`, role: 'agent', password: PASSWORD },
        null,
      );
      agentId ||= member.id;
    }
    await setup.close();
    const codeKey = deriveKey(config.security.dataKey, 'verification-codes');
    await insertPendingChallenges(pool, TICKETS, agentId, createHmac('sha256', codeKey).update(RIGHT_CODE).digest('hex'));

    restores.push(pin(process.pid, others));
    for (const pid of [...pidsOf('mariadbd'), ...pidsOf('mysqld'), ...pidsOf('redis-server')]) restores.push(pin(pid, others));
    process.stdout.write(
      `CPU ${MEASURED_CPU} for the measured process; CPUs ${others} for the load, MariaDB and Redis. ${SECONDS} s per load.\n`,
    );

    const figures: Record<'raw' | 'api', HttpFigures> = {} as Record<'raw' | 'api', HttpFigures>;
    for (const mode of ['raw', 'api'] as const) {
      const target = await startTarget(mode);
      try {
        figures[mode] = await measureHttp(pool, target.url, mode === 'api');
      } finally {
        await target.stop();
      }
    }
    const rows: Array<[string, keyof HttpFigures, string]> = [
      ['staff sign-in (argon2id m=19 MiB t=2 p=1), 4 connections', 'signIn', 'row lookup + argon2 verify'],
      [`OTP verify, wrong codes (${TRIES_PER_CHALLENGE} per challenge), 16 connections`, 'otp', 'same SQL on node:http'],
      ['forgot-password request (202), 16 connections', 'forgot', 'counters + row + job on node:http'],
    ];
    process.stdout.write('\nper vCPU (the API on one core)\n');
    for (const [label, key, baseline] of rows) {
      const product = figures.api[key];
      const raw = figures.raw[key];
      process.stdout.write(
        `  ${label.padEnd(62)} ${perSecond(product.requestsPerSecond).padStart(7)} /s  p99 ${String(product.p99).padStart(4)} ms   ` +
          `raw (${baseline}) ${perSecond(raw.requestsPerSecond)} /s   ratio ${(product.requestsPerSecond / raw.requestsPerSecond).toFixed(2)}\n`,
      );
    }

    process.stdout.write(`\nreminder scan, ${accounts.toLocaleString('en-US')} accounts (bench:reminders on one core)\n`);
    const scanRate = await pinnedBench('reminders', ['--accounts', String(accounts)], 'accounts', others);
    process.stdout.write(`\nfull directory sync, ${entries.toLocaleString('en-US')} entries (bench:directory on one core, slapd off it)\n`);
    const syncRate = await pinnedBench('directory', ['--entries', String(entries)], 'entries', others);

    printSizing({
      signIn: figures.api.signIn.requestsPerSecond,
      otp: figures.api.otp.requestsPerSecond,
      forgot: figures.api.forgot.requestsPerSecond,
      scan: scanRate,
      sync: syncRate,
    });
  } finally {
    for (const restore of restores.reverse()) restore();
    await pool.end();
  }
}

/** Peak loads of the two installations the sizing table speaks of, and what they need at 60 % of a vCPU's rate. */
function printSizing(rate: { signIn: number; otp: number; forgot: number; scan: number; sync: number }): void {
  const UTILISATION = 0.6;
  // A portal of 1 M holders on a 120-day maximum age: 8,333 renewals a day. Peak hour: 2 % of holders ask for a
  // code (20,000/h); 10 % of a day's renewals change their password (argon2 like a sign-in); bursts of 10× within it.
  const portal = { forgot: ((20_000 / 3600) * 10) as number, change: ((833 / 3600) * 10) as number };
  // A desk of 200 agents: all sign in within 10 minutes at shift start; 12 calls an hour each, 2 code tries a call.
  const desk = { signIn: (200 / 600) * 10, otp: ((200 * 12 * 2) / 3600) * 10 };
  const vcpus = portal.forgot / rate.forgot + (portal.change + desk.signIn) / rate.signIn + desk.otp / rate.otp;
  const apis = Math.max(2, Math.ceil(vcpus / UTILISATION));
  const scanSeconds = 1_000_000 / rate.scan;
  const syncSeconds = 1_000_000 / rate.sync;
  process.stdout.write(
    [
      '',
      'sizing: a portal of 1,000,000 accounts (120-day maximum age) with a 200-agent desk',
      `  peak: ${perSecond(portal.forgot)} forgot-password/s, ${perSecond(portal.change + desk.signIn)} password verifications/s (portal changes and staff sign-ins), ${perSecond(desk.otp)} OTP verifies/s`,
      `  API: ${vcpus.toFixed(2)} vCPU at the peak → ${apis} instances of 1 vCPU (at most ${Math.round(UTILISATION * 100)} % busy; never fewer than 2, for a node loss)`,
      `  worker: the daily reminder scan of 1 M accounts takes ${scanSeconds.toFixed(1)} s of one vCPU, a full directory sync of 1 M entries ${(syncSeconds / 60).toFixed(1)} min → 2 workers of 1 vCPU (the second for a node loss)`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`bench:sizing failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
