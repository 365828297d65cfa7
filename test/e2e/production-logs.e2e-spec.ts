import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports';
import { collectOutput, ROOT, waitForExit } from '../support/run-entrypoint';
import { currentTestDatabaseUrl } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const secrets = {
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATA_KEY: randomBytes(32).toString('base64'),
  CHAT_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
};

/** Every line as parsed JSON; a line that is not JSON fails the test, naming it. */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
}

// What a log shipper reads from `npm start`: one JSON object per line, naming the process it came from.
describe('npm start in production', () => {
  let redis: ChildProcess;
  let redisDir: string;
  let redisPort: number;

  beforeAll(async () => {
    // npm start runs the build: bring it up to date with the sources, as `npm run migrate` does.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    // A private Redis with an eviction policy BullMQ warns about (on the console) when it connects.
    redisPort = await freePort();
    redisDir = mkdtempSync(join(tmpdir(), 'resetdesk-logs-redis-'));
    redis = spawn(
      'redis-server',
      [
        '--port',
        String(redisPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        redisDir,
        '--maxmemory-policy',
        'allkeys-lru',
      ],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(
      () => {
        try {
          return execFileSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).trim() === 'PONG';
        } catch {
          return false;
        }
      },
      { timeoutMs: 10_000, what: 'the private Redis' },
    );
  }, 300_000);

  afterAll(() => {
    redis?.kill('SIGKILL');
    if (redisDir) rmSync(redisDir, { recursive: true, force: true });
  });

  it('writes only JSON lines, each naming its process, BullMQ warnings included', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...secrets,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        PORT: String(port),
        APP_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: currentTestDatabaseUrl(),
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        SMTP_URL: 'smtp://127.0.0.1:2525',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collectOutput(child);
    const exited = waitForExit(child, 120_000);
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`npm start stopped: ${output.stderr()}`);
        return output.stdout().includes('ResetDesk API listening') && output.stdout().includes('ResetDesk worker started');
      },
      { timeoutMs: 90_000, what: 'the API and the worker to start' },
    );
    // A request log line and an error answer, then a few seconds of running.
    expect((await fetch(`http://127.0.0.1:${port}/api/auth/me`)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    child.kill('SIGTERM');
    const result = await exited;

    expect(result.code).toBe(0);
    const lines = [...jsonLines(result.stdout), ...jsonLines(result.stderr)];
    for (const line of lines)
      expect(line).toMatchObject({
        process: expect.stringMatching(/^(api|worker|start)$/),
        level: expect.any(Number),
        msg: expect.any(String),
      });
    const from = (process: string) => lines.filter((line) => line.process === process);
    expect(from('api').length).toBeGreaterThan(0);
    expect(from('worker').length).toBeGreaterThan(0);
    expect(from('api').some((line) => (line.req as { url?: string } | undefined)?.url === '/api/auth/me')).toBe(true);
    expect(from('start').map((line) => line.msg)).toContain('Stopping ResetDesk…');
    expect(lines).toContainEqual(
      expect.objectContaining({ context: 'console', level: 40, msg: expect.stringContaining('Eviction policy is allkeys-lru') }),
    );
  }, 180_000);

  it('checks every configuration group up front: a missing JWT_SECRET stops it in one line before any process starts', async () => {
    const withoutJwt: Record<string, string | undefined> = {
      ...process.env,
      ...secrets,
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    };
    delete withoutJwt.JWT_SECRET;
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs')], {
      cwd: ROOT,
      env: withoutJwt,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await waitForExit(child, 30_000);

    expect(result.code).toBe(1);
    const lines = [...jsonLines(result.stdout), ...jsonLines(result.stderr)];
    expect(lines).toEqual([
      expect.objectContaining({ process: 'start', msg: expect.stringMatching(/^Invalid configuration: JWT_SECRET is required/) }),
    ]);
  });
});
