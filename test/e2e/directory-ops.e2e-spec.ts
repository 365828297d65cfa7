import { AccountEntity } from '@resetdesk/accounts';
import { DirectorySyncRunEntity, DirectorySyncService, PASSWORD_DIRECTORY, PasswordDirectory } from '@resetdesk/directory';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrivateSamba } from '../support/private-samba';
import { PrivateSlapd } from '../support/private-slapd';
import { runEntrypoint } from '../support/run-entrypoint';
import { signedIn } from '../support/staff';
import { as, resetState, startTestStack, TestStack } from '../support/test-stack';
import { metricValue, scrapeWithDatabase } from '../support/metrics';
import { waitFor } from '../support/wait-for';
import { writeSelfSignedCertificate } from '../support/self-signed-certificate';

/** A sync run as the sync writes it (the sync itself is not under test here). */
async function recordRun(stack: TestStack, run: Partial<DirectorySyncRunEntity>): Promise<void> {
  const startedAt = run.startedAt ?? new Date(Date.now() - 60_000);
  await stack.dataSource.getRepository(DirectorySyncRunEntity).insert({
    mode: 'full',
    trigger: 'schedule',
    status: 'succeeded',
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 4_000),
    seen: 0,
    ...run,
  });
}

describe('directory health, System status and metrics against a real OpenLDAP', () => {
  let slapd: PrivateSlapd;
  let stack: TestStack;
  let supervisor: ReturnType<typeof as>;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    stack = await startTestStack({ worker: false, env: slapd.env() });
    await resetState(stack);
    supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
  });

  afterAll(async () => {
    await stack?.close();
    await slapd?.stop();
  });

  // Health results are reused for 5 s; a test that changes the server waits for the next probe.
  const healthUntil = (what: string, match: (directory: Record<string, unknown>) => boolean) =>
    waitFor(
      async () => {
        const response = await stack.http.get('/api/health');
        return match(response.body.details?.directory ?? {}) && response;
      },
      { timeoutMs: 12_000, intervalMs: 250, what },
    );

  it('reports the directory up with its address, TLS and latency, and the API ok', async () => {
    await recordRun(stack, { seen: 42, created: 40, updated: 2 });
    const response = await stack.http.get('/api/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up' },
        directory: {
          status: 'up',
          kind: 'ldap',
          url: `ldaps://127.0.0.1:${slapd.tlsPort}`,
          tls: 'ldaps',
          reachable: true,
          latencyMs: expect.any(Number),
          lastRunStatus: 'succeeded',
        },
      },
    });
    expect(JSON.stringify(response.body)).not.toContain(slapd.bindPassword);
  });

  it('shows the directory, the last run and its counts on the System status', async () => {
    const response = await supervisor.get('/api/system/status').expect(200);
    expect(response.body.directory).toEqual({
      kind: 'ldap',
      status: 'up',
      url: `ldaps://127.0.0.1:${slapd.tlsPort}`,
      tls: 'ldaps',
      latencyMs: expect.any(Number),
      sync: {
        schedule: '0 * * * *',
        lastSucceededAt: expect.any(String),
        lastRun: {
          status: 'succeeded',
          mode: 'full',
          trigger: 'schedule',
          startedAt: expect.any(String),
          finishedAt: response.body.directory.sync.lastSucceededAt,
          counts: { seen: 42, created: 40, updated: 2, unchanged: 0, disabled: 0, conflicts: 0 },
          error: null,
        },
      },
    });
  });

  it('exposes directory operations, reachability and the last sync on /metrics', async () => {
    const text = await scrapeWithDatabase(stack.http);
    expect(metricValue(text, 'resetdesk_directory_up')).toBe(1);
    // Each health probe is a "check" operation: connection, TLS, bind and base DN read.
    expect(metricValue(text, 'resetdesk_directory_operations_total{operation="check",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'resetdesk_directory_operations_total{operation="set_password",outcome="refused"}')).toBe(0);
    expect(metricValue(text, 'resetdesk_directory_operation_seconds_count{operation="check"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('resetdesk_directory_operation_seconds_bucket{le="0.1",operation="check"}');
    const finishedAt = (await supervisor.get('/api/system/status').expect(200)).body.directory.sync.lastSucceededAt as string;
    expect(metricValue(text, 'resetdesk_directory_last_sync_timestamp_seconds')).toBe(new Date(finishedAt).getTime() / 1000);
    expect(metricValue(text, 'resetdesk_directory_sync_entries{outcome="created"}')).toBe(40);
    expect(metricValue(text, 'resetdesk_directory_sync_entries{outcome="updated"}')).toBe(2);
  });

  it('counts finished sync runs by mode and status on /metrics, says whether one is running, and times the latest success', async () => {
    const scrape = () => scrapeWithDatabase(stack.http);
    const runsOf = (text: string, mode: string, status: string) =>
      metricValue(text, `resetdesk_directory_sync_runs_total{mode="${mode}",status="${status}"}`);
    // This describe keeps its rows between tests: count from what is there, and take away only what this test adds.
    const [{ latestId }] = await stack.dataSource.query('SELECT COALESCE(MAX(id), 0) AS latestId FROM directory_sync_runs');
    try {
      const before = await scrape();
      for (const mode of ['full', 'incremental'])
        for (const status of ['succeeded', 'failed']) expect(runsOf(before, mode, status)).toEqual(expect.any(Number));
      const incrementalFailed = runsOf(before, 'incremental', 'failed')!;
      const fullSucceeded = runsOf(before, 'full', 'succeeded')!;

      const startedAt = new Date(Date.now() - 30_000);
      await recordRun(stack, { mode: 'full', status: 'succeeded', startedAt, finishedAt: new Date(startedAt.getTime() + 6_500) });
      await recordRun(stack, {
        mode: 'incremental',
        status: 'failed',
        startedAt,
        finishedAt: new Date(startedAt.getTime() + 2_500),
        error: 'stopped',
      });
      await recordRun(stack, { mode: 'incremental', status: 'running', startedAt: new Date(), finishedAt: null });
      const after = await scrape();
      expect(runsOf(after, 'incremental', 'failed')).toBe(incrementalFailed + 1);
      expect(runsOf(after, 'full', 'succeeded')).toBe(fullSucceeded + 1);
      expect(metricValue(after, 'resetdesk_directory_sync_running')).toBe(1);
      expect(after).toContain('# TYPE resetdesk_directory_sync_runs_total counter');
      // The latest success of each mode: the failed incremental run has none to show.
      expect(metricValue(after, 'resetdesk_directory_last_sync_duration_seconds{mode="full"}')).toBe(6.5);
      expect(metricValue(after, 'resetdesk_directory_last_sync_duration_seconds{mode="incremental"}')).toBeUndefined();
    } finally {
      await stack.dataSource.query('DELETE FROM directory_sync_runs WHERE id > ?', [latestId]);
    }
  });

  it('reports a failed last sync as degraded, naming its error, while the directory answers', async () => {
    await recordRun(stack, {
      status: 'failed',
      error: 'Paged search of ou=people,dc=example,dc=org stopped: The directory did not answer',
    });
    const health = await stack.http.get('/api/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      details: {
        directory: {
          status: 'degraded',
          reachable: true,
          lastRunStatus: 'failed',
          message: 'The last directory sync failed: Paged search of ou=people,dc=example,dc=org stopped: The directory did not answer',
        },
      },
    });
    const status = await supervisor.get('/api/system/status').expect(200);
    expect(status.body.directory).toMatchObject({
      status: 'degraded',
      sync: { lastRun: { status: 'failed' }, degraded: expect.stringMatching(/^The last directory sync failed/) },
    });
  });

  it('reports a sync that has not succeeded for three scheduled runs as degraded', async () => {
    await resetState(stack);
    supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
    const longAgo = new Date(Date.now() - 4 * 3_600_000);
    await recordRun(stack, { startedAt: longAgo });
    const status = await supervisor.get('/api/system/status').expect(200);
    expect(status.body.directory).toMatchObject({
      status: 'degraded',
      message: expect.stringMatching(
        /^No directory sync has succeeded since .*: 3 or more scheduled runs \("0 \* \* \* \*"\) have passed$/,
      ),
    });
  });

  it('stays 200 but degraded when the directory is stopped, and says it cannot reach it', async () => {
    await recordRun(stack, {});
    await slapd.crash();
    try {
      const response = await healthUntil('the directory reported unreachable', (directory) => directory.reachable === false);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        status: 'degraded',
        details: {
          database: { status: 'up' },
          redis: { status: 'up' },
          directory: {
            status: 'degraded',
            reachable: false,
            message: `Cannot reach the directory at ldaps://127.0.0.1:${slapd.tlsPort} (connect ECONNREFUSED 127.0.0.1:${slapd.tlsPort}): check that the server is running and that DIRECTORY_URL names the right host and port`,
          },
        },
      });
      const status = await supervisor.get('/api/system/status').expect(200);
      expect(status.body.directory).toMatchObject({
        status: 'down',
        message: expect.stringMatching(/^Cannot reach the directory/),
        sync: { lastRun: { status: 'succeeded' } },
      });
      expect(status.body.directory.latencyMs).toBeUndefined();
      const text = await scrapeWithDatabase(stack.http);
      expect(metricValue(text, 'resetdesk_directory_up')).toBe(0);
      expect(metricValue(text, 'resetdesk_directory_operations_total{operation="check",outcome="unavailable"}')).toBeGreaterThanOrEqual(1);
    } finally {
      await slapd.resume();
    }
    await healthUntil('the directory back', (directory) => directory.reachable === true);
  });
});

describe('the System status after a real sync from OpenLDAP', () => {
  let slapd: PrivateSlapd;
  let stack: TestStack;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    for (const uid of ['alee', 'bkim', 'cdiaz'])
      await slapd.addUser({ uid, cn: `User ${uid}`, mail: `${uid}@example.com`, password: 'Initial-password-41' });
    stack = await startTestStack({ worker: false, env: slapd.env() });
    await resetState(stack);
  });

  afterAll(async () => {
    await stack?.close();
    await slapd?.stop();
  });

  it('shows the run the sync recorded, with its counts, on the System status and /metrics; a failed run makes it degraded', async () => {
    const supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
    const summary = await stack.api.get(DirectorySyncService).run({ trigger: 'cli' });
    expect(summary.created).toBe(3);
    const status = await supervisor.get('/api/system/status').expect(200);
    expect(status.body.directory).toMatchObject({
      status: 'up',
      sync: {
        lastRun: { status: 'succeeded', mode: 'full', trigger: 'cli', counts: { seen: 3, created: 3, disabled: 0 }, error: null },
        lastSucceededAt: expect.any(String),
      },
    });
    const text = await scrapeWithDatabase(stack.http);
    expect(metricValue(text, 'resetdesk_directory_sync_entries{outcome="created"}')).toBe(3);
    expect(metricValue(text, 'resetdesk_directory_last_sync_timestamp_seconds')).toBe(
      new Date(status.body.directory.sync.lastSucceededAt).getTime() / 1000,
    );

    // The directory goes away mid-schedule: the next run fails and says why.
    await slapd.crash();
    try {
      await stack.api
        .get(DirectorySyncService)
        .run({ trigger: 'cli' })
        .catch(() => undefined);
      const failed = await supervisor.get('/api/system/status').expect(200);
      // Degraded by the failed run, or already down if the 5-second-old probe result has expired.
      expect(failed.body.directory).toMatchObject({
        status: expect.stringMatching(/^(degraded|down)$/),
        sync: {
          lastRun: { status: 'failed', error: expect.any(String) },
          degraded: expect.stringMatching(/^The last directory sync failed: /),
        },
      });
      expect(failed.body.directory.sync.lastSucceededAt).toBe(status.body.directory.sync.lastSucceededAt);
    } finally {
      await slapd.resume();
    }
  });
});

describe('directory operations on /metrics, counted as the password flows make them', () => {
  const ORIGINAL = 'Original-pass-2026!';
  const CHOSEN = 'Harbor-lantern-57-quiet';
  let slapd: PrivateSlapd;
  let stack: TestStack;
  let dn: string;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start({ policy: { pwdInHistory: 5, pwdMinLength: 10 } });
    stack = await startTestStack({ worker: false, env: slapd.env({ DIRECTORY_TIMEOUT_MS: '2000' }) });
    await resetState(stack);
    const admin = as(stack, (await signedIn(stack, 'admin')).token);
    dn = await slapd.addUser({ uid: 'dreyes', cn: 'Dana Reyes', mail: 'dana@example.com', password: ORIGINAL });
    const accountId = (
      await admin.post('/api/accounts').send({ username: 'dreyes', email: 'dana@example.com', displayName: 'Dana Reyes' }).expect(201)
    ).body.id as number;
    // What the sync records for an entry: its DN and its entryUUID.
    const { entryUUID } = await slapd.read(dn, ['entryUUID']);
    await stack.dataSource.getRepository(AccountEntity).update({ id: accountId }, { directoryDn: dn, directoryId: String(entryUUID) });
  });

  afterAll(async () => {
    await stack?.close();
    await slapd?.stop();
  });

  const scrape = () => scrapeWithDatabase(stack.http);
  const count = (text: string, operation: string, outcome: string) =>
    metricValue(text, `resetdesk_directory_operations_total{operation="${operation}",outcome="${outcome}"}`);
  const change = (currentPassword: string, newPassword: string) =>
    stack.http
      .post('/api/self-service/change-password')
      .send({ username: 'dreyes', currentPassword, newPassword, confirmPassword: newPassword });

  it("counts the holder's own change: ok when it lands, refused when ppolicy finds it in the history, unavailable when the directory is away", async () => {
    await change(ORIGINAL, CHOSEN).expect(204);
    expect(await slapd.canBind(dn, CHOSEN)).toBe(true);
    let text = await scrape();
    expect(count(text, 'change_password', 'ok')).toBe(1);
    expect(metricValue(text, 'resetdesk_directory_operation_seconds_count{operation="change_password"}')).toBe(1);

    await change(CHOSEN, ORIGINAL).expect(422);
    text = await scrape();
    expect(count(text, 'change_password', 'refused')).toBe(1);

    await slapd.crash();
    try {
      await change(CHOSEN, 'Copper-window-83-still').expect(503);
    } finally {
      await slapd.resume();
    }
    text = await scrape();
    // With the directory away, the bind that proves the current password is what fails; no change is attempted.
    expect(count(text, 'verify_password', 'unavailable')).toBe(1);
    expect(count(text, 'verify_password', 'ok')).toBe(2);
    expect(count(text, 'change_password', 'unavailable')).toBe(0);
    expect(count(text, 'change_password', 'ok')).toBe(1);
    expect(metricValue(text, 'resetdesk_directory_operation_seconds_count{operation="change_password"}')).toBe(2);
  });

  it('counts resets and unlocks made through the bound store', async () => {
    const directory = stack.api.get<PasswordDirectory>(PASSWORD_DIRECTORY);
    await directory.setPassword({ username: 'dreyes', dn }, 'Quiet-meadow-29-lamp', { temporary: false, unlock: false });
    // Too short for pwdMinLength 10: ppolicy refuses the service account's reset too (it has write, not manage).
    await expect(directory.setPassword({ username: 'dreyes', dn }, 'short', { temporary: false, unlock: false })).rejects.toMatchObject({
      name: 'DirectoryRefusal',
    });
    await directory.unlock({ username: 'dreyes', dn });
    const text = await scrape();
    expect(count(text, 'set_password', 'ok')).toBe(1);
    expect(count(text, 'set_password', 'refused')).toBe(1);
    expect(count(text, 'unlock', 'ok')).toBe(1);
    expect(await slapd.canBind(dn, 'Quiet-meadow-29-lamp')).toBe(true);
  });
});

describe('directory health, metrics and directory:check against a Samba AD DC', () => {
  let samba: PrivateSamba;

  beforeAll(async () => {
    samba = await PrivateSamba.start();
    await samba.addUser({ sAMAccountName: 'dreyes', displayName: 'Dana Reyes', mail: 'dana@example.com', password: 'Initial-Pass-2026!' });
  }, 60_000);

  afterAll(() => samba?.stop());

  // One stack at a time: a second app in the same test process would share, and on close end, the database pool.
  it('names the service account when AD refuses its password', async () => {
    const wrong = await startTestStack({ worker: false, env: samba.env({ DIRECTORY_BIND_PASSWORD: 'Not-the-service-pass-1' }) });
    try {
      const response = await wrong.http.get('/api/health').expect(200);
      expect(response.body.details.directory).toMatchObject({
        reachable: false,
        message: `The directory refused ResetDesk's service account (${samba.bindDn}): check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD, and that the account is neither locked nor disabled`,
      });
    } finally {
      await wrong.close();
    }
  });

  describe('with the right service account', () => {
    let stack: TestStack;

    beforeAll(async () => {
      stack = await startTestStack({ worker: false, env: samba.env() });
      await resetState(stack);
    });

    afterAll(() => stack?.close());

    it('reports Active Directory up over LDAPS, with the sync not run yet as degraded', async () => {
      const response = await stack.http.get('/api/health').expect(200);
      expect(response.body.details.directory).toEqual({
        status: 'degraded',
        kind: 'ad',
        url: samba.url,
        tls: 'ldaps',
        reachable: true,
        latencyMs: expect.any(Number),
        lastSucceededAt: null,
        lastRunStatus: null,
        message: 'No directory sync has succeeded yet: run "npm run cli -- directory:sync" or wait for the schedule',
      });
      expect(metricValue(await scrapeWithDatabase(stack.http), 'resetdesk_directory_up')).toBe(1);
    });

    it('directory:check passes every line against the delegated service account', async () => {
      const result = await runEntrypoint('cli', ['directory:check'], { LOG_LEVEL: 'silent', ...samba.env() });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines[0]).toBe(`Directory ${samba.url} (ad):`);
      expect(lines.slice(1, -1).every((line) => line.startsWith('✓ '))).toBe(true);
      expect(lines.at(-1)).toMatch(/^All \d+ directory checks passed$/);
    });

    it('reports AD down on the System status once Samba stops', async () => {
      const supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
      await samba.crash();
      try {
        const status = await waitFor(
          async () => {
            const response = await supervisor.get('/api/system/status').expect(200);
            return response.body.directory.status === 'down' && response;
          },
          { timeoutMs: 12_000, intervalMs: 500, what: 'AD reported down' },
        );
        expect(status.body.directory).toMatchObject({
          kind: 'ad',
          message: `Cannot reach the directory at ${samba.url} (connect ECONNREFUSED ${samba.address}:636): check that the server is running and that DIRECTORY_URL names the right host and port`,
        });
      } finally {
        await samba.resume();
      }
    });
  });
});

describe('directory health when the configuration is wrong', () => {
  let slapd: PrivateSlapd;
  let otherCaDir: string;

  beforeAll(async () => {
    slapd = await PrivateSlapd.start();
    otherCaDir = mkdtempSync(join(tmpdir(), 'resetdesk-other-ca-'));
    await writeSelfSignedCertificate({
      keyFile: join(otherCaDir, 'key.pem'),
      certFile: join(otherCaDir, 'ca.pem'),
      commonName: 'Some other CA',
      days: 1,
    });
  });

  afterAll(async () => {
    await slapd?.stop();
    rmSync(otherCaDir, { recursive: true, force: true });
  });

  const directoryHealth = async (env: Record<string, string>) => {
    const stack = await startTestStack({ worker: false, env: slapd.env(env) });
    try {
      const response = await stack.http.get('/api/health').expect(200);
      expect(response.body.status).toBe('degraded');
      return response.body.details.directory as Record<string, unknown>;
    } finally {
      await stack.close();
    }
  };

  it('reports STARTTLS on an ldap:// URL as its TLS', async () => {
    const stack = await startTestStack({ worker: false, env: slapd.env({ DIRECTORY_URL: slapd.plainUrl, DIRECTORY_STARTTLS: 'true' }) });
    try {
      const response = await stack.http.get('/api/health').expect(200);
      expect(response.body.details.directory).toMatchObject({
        url: slapd.plainUrl,
        tls: 'starttls',
        reachable: true,
        latencyMs: expect.any(Number),
      });
    } finally {
      await stack.close();
    }
  });

  it('names the service account when the directory refuses its password, without the password', async () => {
    const directory = await directoryHealth({ DIRECTORY_BIND_PASSWORD: 'not-the-service-secret' });
    expect(directory).toMatchObject({
      status: 'degraded',
      reachable: false,
      message: `The directory refused ResetDesk's service account (${slapd.bindDn}): check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD, and that the account is neither locked nor disabled`,
    });
    expect(JSON.stringify(directory)).not.toContain('not-the-service-secret');
  });

  it('names the CA file when the server certificate does not verify', async () => {
    const directory = await directoryHealth({ DIRECTORY_CA_FILE: join(otherCaDir, 'ca.pem') });
    expect(directory.message).toBe(
      `TLS with the directory at ldaps://127.0.0.1:${slapd.tlsPort} failed (self-signed certificate): check that DIRECTORY_CA_FILE holds the CA that signed the server's certificate and that the certificate names the host in DIRECTORY_URL`,
    );
  });

  it('says the port does not speak LDAPS when ldaps:// points at the plain port', async () => {
    const directory = await directoryHealth({ DIRECTORY_URL: `ldaps://127.0.0.1:${slapd.port}` });
    expect(directory.message).toBe(
      `The directory at ldaps://127.0.0.1:${slapd.port} closed the connection before TLS was established: check that the port speaks LDAPS (usually 636)`,
    );
  });

  it('gives up within DIRECTORY_TIMEOUT_MS when a server accepts the connection and never answers', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const directory = await directoryHealth({ DIRECTORY_URL: `ldaps://127.0.0.1:${port}`, DIRECTORY_TIMEOUT_MS: '400' });
      expect(directory.message).toBe(
        `The directory at ldaps://127.0.0.1:${port} did not answer within 400 ms: check the network path and the server's load, or raise DIRECTORY_TIMEOUT_MS`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.close();
    }
  });

  it('answers health within a second and a half when the directory is slower, and reports the timeout once the probe ends', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const stack = await startTestStack({
      worker: false,
      env: slapd.env({ DIRECTORY_URL: `ldaps://127.0.0.1:${port}`, DIRECTORY_TIMEOUT_MS: '3000' }),
    });
    try {
      const started = Date.now();
      const first = await stack.http.get('/api/health').expect(200);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(first.body.details.directory).toMatchObject({
        status: 'degraded',
        reachable: false,
        message: `The directory at ldaps://127.0.0.1:${port} has not answered within 1500 ms (the check goes on for up to 3000 ms): check the network path and the server's load`,
      });
      const later = await waitFor(
        async () => {
          const response = await stack.http.get('/api/health').expect(200);
          return /did not answer within 3000 ms/.test(response.body.details.directory.message) && response;
        },
        { timeoutMs: 8_000, intervalMs: 250, what: 'the finished probe' },
      );
      expect(later.body.details.directory.message).toBe(
        `The directory at ldaps://127.0.0.1:${port} did not answer within 3000 ms: check the network path and the server's load, or raise DIRECTORY_TIMEOUT_MS`,
      );
    } finally {
      await stack.close();
      silent.close();
    }
  });

  it('names the base DN when it does not exist', async () => {
    const directory = await directoryHealth({ DIRECTORY_BASE_DN: 'ou=nobody,dc=example,dc=org' });
    expect(directory.message).toBe(
      `The base DN "ou=nobody,dc=example,dc=org" does not exist in the directory at ldaps://127.0.0.1:${slapd.tlsPort} (or the service account may not see it): check DIRECTORY_BASE_DN`,
    );
  });
});

describe('directory health with the local store', () => {
  it('reports passwords kept locally, with no directory series on /metrics', async () => {
    const stack = await startTestStack({ worker: false, env: { DIRECTORY_KIND: 'local' } });
    try {
      const health = await stack.http.get('/api/health').expect(200);
      expect(health.body).toMatchObject({ status: 'ok', details: { directory: { status: 'up', kind: 'local' } } });
      const supervisor = as(stack, (await signedIn(stack, 'supervisor')).token);
      expect((await supervisor.get('/api/system/status').expect(200)).body.directory).toEqual({ kind: 'local', status: 'up' });
      const text = await scrapeWithDatabase(stack.http);
      expect(text).not.toContain('resetdesk_directory_up');
      expect(metricValue(text, 'resetdesk_directory_operations_total{operation="set_password",outcome="ok"}')).toBe(0);
    } finally {
      await stack.close();
    }
  });
});

describe('npm run cli -- directory:check', () => {
  const check = (env: Record<string, string>) => runEntrypoint('cli', ['directory:check'], { LOG_LEVEL: 'silent', ...env });

  it('with the local store says passwords are kept locally and exits 0', async () => {
    const result = await check({ DIRECTORY_KIND: 'local' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe(
      "Passwords are kept locally in ResetDesk's own store (DIRECTORY_KIND=local): there is no directory to check",
    );
  });

  describe('against OpenLDAP', () => {
    let slapd: PrivateSlapd;
    let otherCaDir: string;

    beforeAll(async () => {
      slapd = await PrivateSlapd.start();
      await slapd.addUser({ uid: 'dreyes', cn: 'Dana Reyes', mail: 'dana@example.com', password: 'Initial-password-41' });
      otherCaDir = mkdtempSync(join(tmpdir(), 'resetdesk-other-ca-'));
      await writeSelfSignedCertificate({
        keyFile: join(otherCaDir, 'key.pem'),
        certFile: join(otherCaDir, 'ca.pem'),
        commonName: 'Some other CA',
        days: 1,
      });
    });

    afterAll(async () => {
      await slapd?.stop();
      rmSync(otherCaDir, { recursive: true, force: true });
    });

    const lines = (stdout: string) => stdout.trim().split('\n');

    it('prints one ✓ line per check and exits 0 when everything works', async () => {
      const result = await check(slapd.env());
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(lines(result.stdout)).toEqual([
        `Directory ${slapd.url} (ldap):`,
        expect.stringMatching(/^✓ connect +127\.0\.0\.1:\d+ accepts connections$/),
        expect.stringMatching(/^✓ tls +TLS established \(ldaps\) and the certificate verified$/),
        expect.stringMatching(new RegExp(`^✓ bind +Bound as ${slapd.bindDn}$`)),
        expect.stringMatching(new RegExp(`^✓ base +${slapd.peopleDn} exists$`)),
        expect.stringMatching(
          /^✓ search +\(objectClass=inetOrgPerson\) finds accounts under ou=people,dc=example,dc=org \(e\.g\. uid=dreyes,ou=people,dc=example,dc=org\)$/,
        ),
        expect.stringMatching(/^✓ password-modify +The directory advertises Password Modify \(1\.3\.6\.1\.4\.1\.4203\.1\.11\.1\)/),
        'All 6 directory checks passed',
      ]);
    });

    it('marks the bind ✗, names the settings to check and exits 1 when the service password is wrong', async () => {
      const result = await check(slapd.env({ DIRECTORY_BIND_PASSWORD: 'not-the-service-secret' }));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(`^✗ bind +The directory refused ${slapd.bindDn}: check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD$`, 'm'),
      );
      expect(result.stdout).toMatch(/^✗ base +not checked: the service account could not bind$/m);
      expect(result.stdout).toMatch(/^✓ tls /m);
      expect(result.stderr.trim()).toBe('directory:check failed: 3 of 6 directory checks failed');
      expect(result.stdout + result.stderr).not.toContain('not-the-service-secret');
    });

    it('marks TLS ✗ naming DIRECTORY_CA_FILE and exits 1 when the CA is not the one that signed the certificate', async () => {
      const result = await check(slapd.env({ DIRECTORY_CA_FILE: join(otherCaDir, 'ca.pem') }));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^✓ connect /m);
      expect(result.stdout).toMatch(/^✗ tls +.*self-signed certificate.*DIRECTORY_CA_FILE/m);
      expect(result.stdout).toMatch(/^✗ bind +not checked: no TLS connection$/m);
      expect(result.stderr.trim()).toMatch(/^directory:check failed: 5 of 6 directory checks failed$/);
    });

    it('marks connect ✗ and exits 1 when the server is stopped', async () => {
      await slapd.crash();
      try {
        const result = await check(slapd.env());
        expect(result.code).toBe(1);
        expect(lines(result.stdout)[1]).toBe(
          `✗ connect          Cannot reach 127.0.0.1:${slapd.tlsPort} (ECONNREFUSED): check DIRECTORY_URL and that the directory is running and reachable from this host`,
        );
        expect(result.stdout).toMatch(/^✗ tls +not checked: no connection$/m);
        expect(result.stderr.trim()).toBe('directory:check failed: 6 of 6 directory checks failed');
      } finally {
        await slapd.resume();
      }
    });
  });
});
