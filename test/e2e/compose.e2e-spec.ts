import Redis from 'ioredis';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { freePort } from '../support/ports';
import { PrivateRedis } from '../support/private-redis';
import { ROOT } from '../support/run-entrypoint';
import { waitFor } from '../support/wait-for';

interface ComposeService {
  image?: string;
  profiles?: string[];
  ports?: string[];
  volumes?: string[];
  networks?: Record<string, { ipv4_address?: string }>;
  stop_grace_period?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

const composeFile = join(ROOT, 'docker-compose.yml');
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  networks: { default: { ipam: { config: Array<{ subnet: string }> } } };
};
const SCALED = ['api-2', 'balancer', 'redis-replica', 'sentinel-1', 'sentinel-2', 'sentinel-3', 'worker-2'];
const haproxyConfigFile = join(ROOT, 'deploy', 'haproxy', 'haproxy.cfg');
const scaledEnv = Object.fromEntries(
  readFileSync(join(ROOT, 'deploy', 'compose', 'scaled.env'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);
const secrets = { JWT_SECRET: 'x'.repeat(40), DATA_KEY: Buffer.alloc(32, 1).toString('base64'), CHAT_WEBHOOK_SECRET: 'y'.repeat(32) };

describe('docker-compose.yml', () => {
  const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });

  it('is a valid compose file (checked by `docker compose config -q` wherever the compose plugin exists)', () => {
    const always = Object.entries(compose.services).filter(([, service]) => !service.profiles);
    expect(always.map(([name]) => name).sort()).toEqual(['api', 'mailpit', 'migrate', 'mysql', 'redis', 'worker']);
    const profiled = Object.entries(compose.services).filter(([, service]) => service.profiles);
    expect(profiled.map(([name]) => name).sort()).toEqual(SCALED);
    for (const [, service] of profiled) expect(service.profiles).toEqual(['scaled']);
    // This machine's docker client has no compose plugin; CI machines with one validate the whole file too.
    if (composePlugin.status !== 0) return;
    const result = spawnSync('docker', ['compose', '-f', composeFile, 'config', '-q'], {
      env: { ...process.env, ...secrets },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs MySQL 8, Redis 7, Mailpit, the API and the worker', () => {
    const { services } = compose;
    expect(services.mysql?.image).toMatch(/^mysql:8/);
    expect(services.redis?.image).toMatch(/^redis:7/);
    // Every Redis keeps its data and never evicts a job, as BullMQ needs.
    for (const name of ['redis', 'redis-replica']) {
      expect(services[name]?.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']));
    }
    expect(services.mailpit?.image).toMatch(/^axllent\/mailpit/);
    expect(services.api?.image).toBe('resetdesk:local');
    expect(services.worker?.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
  });

  it('lets the migrations create the audit triggers on MySQL 8 with binary logging on', () => {
    expect(compose.services.mysql?.command).toContain('--log-bin-trust-function-creators=1');
  });

  it('health-checks the dependencies and migrates before the API serves', () => {
    const { services } = compose;
    for (const name of ['mysql', 'redis', 'mailpit']) expect(services[name]?.healthcheck?.test).toBeDefined();
    expect(services.migrate?.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'migrate']);
    expect(services.migrate?.depends_on?.mysql?.condition).toBe('service_healthy');
    for (const name of ['api', 'worker']) {
      expect(services[name]?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
      expect(services[name]?.depends_on?.redis?.condition).toBe('service_healthy');
    }
  });

  it('runs in production mode and demands real secrets instead of shipping any', () => {
    const env = compose.services.api!.environment!;
    expect(env.NODE_ENV).toBe('production');
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(env.DATA_KEY).toMatch(/^\$\{DATA_KEY:\?/);
    expect(env.CHAT_WEBHOOK_SECRET).toMatch(/^\$\{CHAT_WEBHOOK_SECRET:\?/);
    expect(env.SMTP_URL).toBe('smtp://mailpit:1025');
  });

  it('builds the image the services use from the multi-stage Dockerfile', () => {
    expect(compose.services.migrate?.build).toBe('.');
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(dockerfile).toMatch(/^USER resetdesk$/m);
  });

  describe('the scaled profile', () => {
    const { services } = compose;

    it('adds a second API and worker, configured as the first ones, the API reachable only through the balancer', () => {
      expect(services['api-2']).toEqual({ ...services.api, profiles: ['scaled'], ports: [] });
      expect(services['worker-2']).toEqual({ ...services.worker, profiles: ['scaled'] });
      expect(scaledEnv.COMPOSE_PROFILES).toBe('scaled');
    });

    it('runs the shipped HAProxy file in front of both APIs, at the one address TRUST_PROXY trusts', () => {
      const balancer = services.balancer!;
      expect(balancer.volumes).toEqual(['./deploy/haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro']);
      const address = balancer.networks!.default!.ipv4_address!;
      expect(services.api!.environment!.TRUST_PROXY).toBe(address);
      const [subnet] = compose.networks.default.ipam.config;
      expect(address.split('.').slice(0, 3)).toEqual(subnet!.subnet.split('.').slice(0, 3));
      // The file's defaults are the compose names and port.
      const config = readFileSync(haproxyConfigFile, 'utf8');
      const servers = [...config.matchAll(/^\s*server \S+ "\$\{API_\d-([^:]+):(\d+)\}"/gm)].map(([, host, port]) => `${host}:${port}`);
      expect(servers).toEqual(['api:3000', 'api-2:3000']);
      expect(config).toMatch(/bind "\$\{HAPROXY_BIND-:8080\}"/);
      expect(balancer.ports).toEqual(['8080:8080']);
      expect(scaledEnv.APP_URL).toBe('http://localhost:8080');
    });

    it('is a configuration HAProxy accepts as it is shipped', () => {
      const dir = mkdtempSync(join(tmpdir(), 'resetdesk-haproxy-check-'));
      try {
        const checked = spawnSync('haproxy', ['-c', '-f', haproxyConfigFile], {
          env: { ...process.env, HAPROXY_ADMIN_SOCKET: join(dir, 'admin.sock') },
          encoding: 'utf8',
        });
        expect(checked.stdout + checked.stderr).toContain('Configuration file is valid');
        expect(checked.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has three Sentinels the env file names, watching the primary by the name the apps ask for', async () => {
      const sentinels = ['sentinel-1', 'sentinel-2', 'sentinel-3'];
      expect(scaledEnv.REDIS_SENTINELS).toBe(sentinels.map((name) => `${name}:26379`).join(','));
      for (const name of sentinels) expect(services[name]!.environment).toEqual({ SENTINEL_HOST: name });
      expect(services['redis-replica']!.command).toEqual(expect.arrayContaining(['--replicaof', 'redis', '6379']));

      // The sentinel's own start-up script, run here against a private Redis in place of the `redis` service.
      const script = services['sentinel-1']!.command![2]!.replaceAll('$$', '$');
      expect(script).toContain(`sentinel monitor ${services.api!.environment!.REDIS_SENTINEL_NAME} redis 6379 2`);
      const [redis, port] = await Promise.all([PrivateRedis.start(), freePort()]);
      const dir = mkdtempSync(join(tmpdir(), 'resetdesk-sentinel-check-'));
      const conf = join(dir, 'sentinel.conf');
      const written = spawnSync('sh', ['-c', script.replace(/ && exec redis-sentinel .*$/, '').replace('/tmp/sentinel.conf', conf)], {
        env: { ...process.env, SENTINEL_HOST: '127.0.0.1' },
        encoding: 'utf8',
      });
      expect(written.status).toBe(0);
      writeFileSync(
        conf,
        readFileSync(conf, 'utf8').replace('port 26379', `port ${port}`).replace(' redis 6379 ', ` 127.0.0.1 ${redis.port} `),
      );
      const sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
      const client = new Redis({ port, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
      try {
        const primary = await waitFor(
          () => client.call('SENTINEL', 'get-master-addr-by-name', 'resetdesk').catch(() => undefined) as Promise<string[] | undefined>,
          { what: 'the sentinel to watch the primary' },
        );
        expect(primary).toEqual(['127.0.0.1', String(redis.port)]);
      } finally {
        client.disconnect();
        sentinel.kill('SIGKILL');
        await redis.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
