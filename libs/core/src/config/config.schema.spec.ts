import { existsSync } from 'node:fs';
import { ConfigError, DEV_SECRETS, parseConfig } from './config.schema';

describe(parseConfig.name, () => {
  it('uses the documented defaults for development', () => {
    const config = parseConfig({});
    expect(config.app.port).toBe(3000);
    expect(config.database).toMatchObject({ host: '127.0.0.1', port: 3306, username: 'root', database: 'resetdesk' });
    expect(config.redis).toMatchObject({ host: '127.0.0.1', port: 6379, db: 0, queuePrefix: 'resetdesk' });
    expect(config.security.dataKey).toHaveLength(32);
  });

  it('names the variable when DATABASE_URL is not a MySQL URL', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/DATABASE_URL must use mysql:/);
    expect(() => parseConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL is not a valid URL/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://root@localhost/' })).toThrow(/DATABASE_URL must name a database/);
  });

  it('names the variable when PORT is out of range or not a number', () => {
    expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT must be a whole number between 1 and 65535/);
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
  });

  it('reports every problem at once', () => {
    try {
      parseConfig({ PORT: '0', REDIS_URL: 'http://x', MAIL_FROM: 'nobody' });
      fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'REDIS_URL', 'MAIL_FROM']);
    }
  });

  it('retries mail for hours by default and reads the retry schedule and the schedule check', () => {
    expect(parseConfig({}).mail).toMatchObject({ retryBackoffMs: 5000, retryAttempts: 30, retryMaxDelayMs: 3_600_000 });
    expect(parseConfig({}).redis.scheduleCheckMs).toBe(60_000);
    const config = parseConfig({ MAIL_RETRY_ATTEMPTS: '50', MAIL_RETRY_MAX_DELAY_MS: '600000', SCHEDULE_CHECK_MS: '5000' });
    expect(config.mail).toMatchObject({ retryAttempts: 50, retryMaxDelayMs: 600_000 });
    expect(config.redis.scheduleCheckMs).toBe(5000);
    expect(() => parseConfig({ MAIL_RETRY_ATTEMPTS: '0' })).toThrow(/MAIL_RETRY_ATTEMPTS must be a whole number between 1 and 1000/);
    expect(() => parseConfig({ SCHEDULE_CHECK_MS: '10' })).toThrow(/SCHEDULE_CHECK_MS must be a whole number between 1000/);
  });

  it('reads a Redis database index from the URL', () => {
    const { redis } = parseConfig({ REDIS_URL: 'redis://:s3cret@cache:6380/3' });
    expect(redis).toMatchObject({ host: 'cache', port: 6380, db: 3, password: 's3cret', tls: false });
    expect(() => parseConfig({ REDIS_URL: 'redis://cache:6379/abc' })).toThrow(/REDIS_URL database index/);
  });

  it('reads Redis Sentinels, and keeps the data nodes’ password and database from REDIS_URL', () => {
    const { redis } = parseConfig({
      REDIS_URL: 'redis://:node-secret@unused:6379/2',
      REDIS_SENTINELS: 'sentinel-1:26379, 10.0.0.7:26380,[::1]:26381',
      REDIS_SENTINEL_NAME: 'resetdesk',
      REDIS_SENTINEL_PASSWORD: 'sentinel-secret',
    });
    expect(redis).toMatchObject({ db: 2, password: 'node-secret' });
    expect(redis.sentinel).toEqual({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: '10.0.0.7', port: 26380 },
        { host: '::1', port: 26381 },
      ],
      name: 'resetdesk',
      password: 'sentinel-secret',
    });
    expect(parseConfig({ REDIS_SENTINELS: 's:26379' }).redis.sentinel?.name).toBe('mymaster');
    expect(parseConfig({}).redis.sentinel).toBeUndefined();
  });

  it('names the entry when REDIS_SENTINELS or REDIS_SENTINEL_NAME is malformed, without echoing the password', () => {
    expect(() => parseConfig({ REDIS_SENTINELS: 'sentinel-1' })).toThrow(
      /REDIS_SENTINELS must be host:port entries separated by commas.*\(got "sentinel-1"\)/,
    );
    expect(() => parseConfig({ REDIS_SENTINELS: 'sentinel-1:99999' })).toThrow(
      /REDIS_SENTINELS must be host:port.*\(got "sentinel-1:99999"\)/,
    );
    expect(() =>
      parseConfig({ REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'my master', REDIS_SENTINEL_PASSWORD: 'hunter2-secret' }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
    expect(() => parseConfig({ REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'my master' })).toThrow(
      /REDIS_SENTINEL_NAME may only contain/,
    );
  });

  it('reads a Redis Cluster’s seed nodes, and refuses what a cluster cannot do', () => {
    const { redis } = parseConfig({
      REDIS_CLUSTER_NODES: 'redis-1:6379,10.0.0.8:7000',
      QUEUE_PREFIX: '{resetdesk}',
      REDIS_URL: 'redis://:pw@x:1',
    });
    expect(redis.cluster).toEqual({
      nodes: [
        { host: 'redis-1', port: 6379 },
        { host: '10.0.0.8', port: 7000 },
      ],
    });
    expect(redis.password).toBe('pw');
    expect(parseConfig({}).redis.cluster).toBeUndefined();
    expect(() => parseConfig({ REDIS_CLUSTER_NODES: 'redis-1:6379' })).toThrow(
      /QUEUE_PREFIX must be one word in braces, such as \{resetdesk\}, on a Redis Cluster.*\(got "resetdesk"\)/,
    );
    expect(() => parseConfig({ REDIS_CLUSTER_NODES: 'redis-1:6379', QUEUE_PREFIX: '{rd}', REDIS_SENTINELS: 's:26379' })).toThrow(
      /REDIS_CLUSTER_NODES and REDIS_SENTINELS are two ways of finding Redis; set one/,
    );
    expect(() => parseConfig({ REDIS_CLUSTER_NODES: 'redis-1:6379', QUEUE_PREFIX: '{rd}', REDIS_URL: 'redis://x:1/2' })).toThrow(
      /REDIS_URL must name database 0 on a Redis Cluster, which has no other \(got 2\)/,
    );
    expect(() => parseConfig({ REDIS_CLUSTER_NODES: 'redis-1' })).toThrow(/REDIS_CLUSTER_NODES must be host:port entries/);
  });

  it('accepts a hash-tagged QUEUE_PREFIX for Redis Cluster, and nothing else with braces', () => {
    expect(parseConfig({ QUEUE_PREFIX: '{resetdesk}' }).redis.queuePrefix).toBe('{resetdesk}');
    expect(parseConfig({ QUEUE_PREFIX: 'resetdesk:prod' }).redis.queuePrefix).toBe('resetdesk:prod');
    for (const bad of ['{resetdesk', 'reset{desk}', '{}', '{a}{b}', 'with space']) {
      expect(() => parseConfig({ QUEUE_PREFIX: bad })).toThrow(/QUEUE_PREFIX may only contain/);
    }
  });

  it('accepts DATA_KEY as base64 or hex and refuses other lengths', () => {
    const hex = 'ab'.repeat(32);
    expect(parseConfig({ DATA_KEY: hex }).security.dataKey.toString('hex')).toBe(hex);
    const b64 = Buffer.alloc(32, 1).toString('base64');
    expect(parseConfig({ DATA_KEY: b64 }).security.dataKey).toEqual(Buffer.alloc(32, 1));
    expect(() => parseConfig({ DATA_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/DATA_KEY must be 32 bytes/);
  });

  describe('in production', () => {
    const productionSecrets = {
      NODE_ENV: 'production',
      DATA_KEY: Buffer.alloc(32, 9).toString('base64'),
      SMTP_URL: 'smtp://mail.example.com:587',
    };

    it('starts with real secrets', () => {
      expect(parseConfig(productionSecrets).app.env).toBe('production');
    });

    it('requires the secrets and the SMTP server', () => {
      expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL is required.*DATA_KEY is required/);
    });

    it('refuses the development defaults', () => {
      expect(() => parseConfig({ ...productionSecrets, DATA_KEY: DEV_SECRETS.DATA_KEY })).toThrow(
        /DATA_KEY must not be the development default/,
      );
    });

    it('refuses the mail catcher', () => {
      expect(() => parseConfig({ ...productionSecrets, MAIL_CATCHER: 'true' })).toThrow(/MAIL_CATCHER must not be enabled/);
    });

    it('hides the API docs unless DOCS_ENABLED=true', () => {
      expect(parseConfig(productionSecrets).app.docsEnabled).toBe(false);
      expect(parseConfig({ ...productionSecrets, DOCS_ENABLED: 'true' }).app.docsEnabled).toBe(true);
      expect(parseConfig({}).app.docsEnabled).toBe(true);
    });
  });

  describe('TRUST_PROXY', () => {
    it('trusts no proxy by default', () => {
      expect(parseConfig({}).app.trustProxy).toBe(false);
      expect(parseConfig({ TRUST_PROXY: 'false' }).app.trustProxy).toBe(false);
    });

    it('takes a hop count or a list of addresses and CIDR ranges, the forms express understands', () => {
      expect(parseConfig({ TRUST_PROXY: '1' }).app.trustProxy).toBe(1);
      expect(parseConfig({ TRUST_PROXY: '127.0.0.1/8, ::1, 10.0.0.5, loopback' }).app.trustProxy).toEqual([
        '127.0.0.1/8',
        '::1',
        '10.0.0.5',
        'loopback',
      ]);
      expect(parseConfig({ TRUST_PROXY: 'fd00::/8' }).app.trustProxy).toEqual(['fd00::/8']);
    });

    it.each([
      ['true', /must not be "true"/],
      ['proxy.example.com', /not understood: "proxy.example.com"/],
      ['10.0.0.0/33', /not understood: "10.0.0.0\/33"/],
      ['11', /hop count must be between 1 and 10/],
    ])('refuses %s at boot, naming the variable', (value, message) => {
      expect(() => parseConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
      expect(() => parseConfig({ TRUST_PROXY: value })).toThrow(message);
    });
  });

  it('refuses a short METRICS_TOKEN', () => {
    expect(parseConfig({}).security.metricsToken).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: 'm'.repeat(32) }).security.metricsToken).toBe('m'.repeat(32));
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 24 characters/);
  });

  describe('directory', () => {
    const ldap = {
      DIRECTORY_KIND: 'ldap',
      DIRECTORY_URL: 'ldaps://ldap.example.org',
      DIRECTORY_BIND_DN: 'cn=resetdesk,dc=example,dc=org',
      DIRECTORY_BIND_PASSWORD: 'pw',
      DIRECTORY_BASE_DN: 'ou=people,dc=example,dc=org',
    };

    it('keeps passwords in the local store unless a directory is named', () => {
      expect(parseConfig({}).directory).toMatchObject({ kind: 'local', syncSchedule: '0 * * * *', timeoutMs: 5000 });
    });

    it('reads DIRECTORY_SYNC_MAX_DISABLE_PERCENT (default 20, 0–100)', () => {
      expect(parseConfig(ldap).directory.syncMaxDisablePercent).toBe(20);
      expect(parseConfig({ ...ldap, DIRECTORY_SYNC_MAX_DISABLE_PERCENT: '0' }).directory.syncMaxDisablePercent).toBe(0);
      expect(parseConfig({ ...ldap, DIRECTORY_SYNC_MAX_DISABLE_PERCENT: '100' }).directory.syncMaxDisablePercent).toBe(100);
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_MAX_DISABLE_PERCENT: '101' })).toThrow(
        /DIRECTORY_SYNC_MAX_DISABLE_PERCENT must be a whole number between 0 and 100 \(got "101"\)/,
      );
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_MAX_DISABLE_PERCENT: '12.5' })).toThrow(
        /DIRECTORY_SYNC_MAX_DISABLE_PERCENT must be a whole number/,
      );
    });

    it('fills in the attribute map and filter of each directory kind, each overridable', () => {
      expect(parseConfig(ldap).directory).toMatchObject({
        kind: 'ldap',
        userFilter: '(objectClass=inetOrgPerson)',
        attributes: { username: 'uid', email: 'mail', displayName: 'cn', manager: 'manager' },
      });
      const ad = parseConfig({
        ...ldap,
        DIRECTORY_KIND: 'ad',
        DIRECTORY_ATTR_CHAT_ID: 'extensionAttribute1',
        DIRECTORY_PRIVILEGED_GROUP: 'CN=Admins,DC=example,DC=org',
      }).directory;
      expect(ad).toMatchObject({
        userFilter: '(&(objectCategory=person)(objectClass=user))',
        attributes: { username: 'sAMAccountName', displayName: 'displayName', chatId: 'extensionAttribute1' },
        privilegedGroup: 'CN=Admins,DC=example,DC=org',
      });
    });

    it('reads the default ppolicy entry for expiry from DIRECTORY_PASSWORD_POLICY_DN, for ldap only', () => {
      expect(parseConfig(ldap).directory.passwordPolicyDn).toBeUndefined();
      expect(
        parseConfig({ ...ldap, DIRECTORY_PASSWORD_POLICY_DN: ' cn=default,ou=policies,dc=example,dc=org ' }).directory.passwordPolicyDn,
      ).toBe('cn=default,ou=policies,dc=example,dc=org');
      expect(
        parseConfig({ ...ldap, DIRECTORY_KIND: 'ad', DIRECTORY_PASSWORD_POLICY_DN: 'cn=x' }).directory.passwordPolicyDn,
      ).toBeUndefined();
    });

    it('names each missing or malformed directory variable at once', () => {
      try {
        parseConfig({ DIRECTORY_KIND: 'ldap', DIRECTORY_ATTR_EMAIL: 'mail;x', DIRECTORY_USER_FILTER: 'uid=*' });
        fail('expected a ConfigError');
      } catch (error) {
        expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual([
          'DIRECTORY_URL',
          'DIRECTORY_USER_FILTER',
          'DIRECTORY_BIND_DN',
          'DIRECTORY_BIND_PASSWORD',
          'DIRECTORY_BASE_DN',
          'DIRECTORY_ATTR_EMAIL',
        ]);
      }
      expect(() => parseConfig({ ...ldap, DIRECTORY_URL: 'http://ldap' })).toThrow(/DIRECTORY_URL must use ldaps:\/\/ or ldap:\/\//);
      expect(() => parseConfig({ ...ldap, DIRECTORY_CA_FILE: '/nonexistent/ca.pem' })).toThrow(/DIRECTORY_CA_FILE names no readable file/);
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_SCHEDULE: 'hourly' })).toThrow(
        /DIRECTORY_SYNC_SCHEDULE must be a cron expression/,
      );
    });

    it('refuses an empty DIRECTORY_BIND_PASSWORD: the bind would be unauthenticated', () => {
      expect(() => parseConfig({ ...ldap, DIRECTORY_BIND_PASSWORD: '' })).toThrow(
        /DIRECTORY_BIND_PASSWORD must not be empty \(an empty password is an unauthenticated bind\)/,
      );
      // Spaces are a password like any other.
      expect(parseConfig({ ...ldap, DIRECTORY_BIND_PASSWORD: ' pw ' }).directory.bindPassword).toBe(' pw ');
    });

    it('checks DIRECTORY_SYNC_SCHEDULE as the scheduler will read it (cron-parser), not by counting fields', () => {
      for (const schedule of ['*/15 * * * *', '0 0 * * * *', '30 6 * * mon-fri', '@daily'])
        expect(parseConfig({ ...ldap, DIRECTORY_SYNC_SCHEDULE: schedule }).directory.syncSchedule).toBe(schedule);
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_SCHEDULE: '61 * * * *' })).toThrow(
        /DIRECTORY_SYNC_SCHEDULE must be a cron expression of 5 or 6 fields \(got "61 \* \* \* \*": Constraint error, got value 61 expected range 0-59\)/,
      );
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_SCHEDULE: '0 25 * * *' })).toThrow(/expected range 0-23/);
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_SCHEDULE: '0 * * * someday' })).toThrow(
        /DIRECTORY_SYNC_SCHEDULE must be a cron expression/,
      );
      expect(() => parseConfig({ ...ldap, DIRECTORY_SYNC_SCHEDULE: '0 * * *' })).toThrow(/got "0 \* \* \*": 4 fields/);
      expect(() => parseConfig({ DIRECTORY_SYNC_SCHEDULE: '0 0 31 2 *' })).toThrow(/DIRECTORY_SYNC_SCHEDULE/);
    });

    it("trusts DIRECTORY_CA_FILE alone when set, else the system's CA bundle (SSL_CERT_FILE first) next to Node's", () => {
      const bundle = __filename; // any existing file stands for a bundle here; the e2e suites check a real TLS session
      expect(parseConfig({ ...ldap, DIRECTORY_CA_FILE: bundle, SSL_CERT_FILE: bundle }).directory).toMatchObject({
        caFile: bundle,
        systemCaFile: undefined,
      });
      expect(parseConfig({ ...ldap, SSL_CERT_FILE: bundle }).directory.systemCaFile).toBe(bundle);
      const distribution = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'].find((file) =>
        existsSync(file),
      );
      expect(parseConfig({ ...ldap, SSL_CERT_FILE: '/nonexistent/bundle.pem' }).directory.systemCaFile).toBe(distribution);
    });

    it('refuses passwords in clear text to Active Directory, and to any directory in production', () => {
      const plain = { ...ldap, DIRECTORY_URL: 'ldap://dc1.example.org' };
      expect(parseConfig(plain).directory.url).toBe('ldap://dc1.example.org');
      expect(() => parseConfig({ ...plain, DIRECTORY_KIND: 'ad' })).toThrow(/Active Directory only accepts passwords over TLS/);
      expect(parseConfig({ ...plain, DIRECTORY_KIND: 'ad', DIRECTORY_STARTTLS: 'true' }).directory.startTls).toBe(true);
      expect(() => parseConfig({ ...ldap, DIRECTORY_STARTTLS: 'true' })).toThrow(
        /DIRECTORY_STARTTLS cannot be used with an ldaps:\/\/ URL/,
      );
    });
  });
});
