import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/run-entrypoint';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

const composeFile = join(ROOT, 'docker-compose.yml');
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const secrets = { JWT_SECRET: 'x'.repeat(40), DATA_KEY: Buffer.alloc(32, 1).toString('base64'), CHAT_WEBHOOK_SECRET: 'y'.repeat(32) };

describe('docker-compose.yml', () => {
  const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });

  it('is a valid compose file (checked by `docker compose config -q` wherever the compose plugin exists)', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'mailpit', 'migrate', 'mysql', 'redis', 'worker']);
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
});
