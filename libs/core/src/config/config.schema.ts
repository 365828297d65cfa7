import { CronExpressionParser } from 'cron-parser';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';

/**
 * The whole runtime configuration, parsed once from the environment.
 * Every variable is validated here; nothing else in the code base reads `process.env`.
 */
export interface ResetDeskConfig {
  app: AppConfig;
  database: DatabaseConfig;
  redis: RedisConfig;
  mail: MailConfig;
  security: SecurityConfig;
  audit: AuditConfig;
  reminders: RemindersConfig;
  directory: DirectoryConfig;
}

export const DIRECTORY_KINDS = ['local', 'ldap', 'ad'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** Which entry attributes hold what ResetDesk shows; chatId and manager are optional. */
export interface DirectoryAttributeMap {
  username: string;
  email: string;
  displayName: string;
  chatId?: string;
  manager?: string;
}

/**
 * Where holders' passwords live. `local` is our own argon2id table; with
 * `ldap` or `ad` every reset and change is written to the directory and the
 * accounts are synced from it (see docs on directories).
 */
export interface DirectoryConfig {
  kind: DirectoryKind;
  /** ldaps://host:636, or ldap://host:389 with startTls. Empty for local. */
  url: string;
  startTls: boolean;
  bindDn: string;
  bindPassword: string;
  /** Where accounts live: syncs search here, and writes only go to entries under it. */
  baseDn: string;
  userFilter: string;
  /** PEM file of the CA that signed the directory's certificate; it alone is trusted. */
  caFile?: string;
  /**
   * Without caFile: the system's CA bundle, trusted next to Node's bundled
   * public CAs, so an internal CA installed with update-ca-certificates (or
   * named by SSL_CERT_FILE) works as it does for other tools on the host.
   * Undefined when the host has none: Node's bundled CAs only.
   */
  systemCaFile?: string;
  /** Cron expression of the scheduled sync (in UTC). */
  syncSchedule: string;
  /**
   * A run that would disable more than this share (0–100) of the directory
   * accounts — and more than a handful — fails instead, disabling nobody: a
   * filter or base DN changed by mistake looks exactly like mass leaving.
   */
  syncMaxDisablePercent: number;
  attributes: DirectoryAttributeMap;
  /** Members of this group DN are privileged accounts (their resets need a supervisor's approval). */
  privilegedGroup?: string;
  /**
   * ldap only: the ppolicy entry whose pwdMaxAge applies to entries without
   * a pwdPolicySubentry (slapd's ppolicy_default). Unset: the sync looks for
   * the single pwdPolicy entry under the base DN's suffix and logs which.
   */
  passwordPolicyDn?: string;
  /** Per directory operation: slower than this answers 503 instead of holding a request. */
  timeoutMs: number;
}

export interface RemindersConfig {
  /** Register the daily scan with BullMQ (off: only `reminders:run` scans). */
  scheduled: boolean;
  /** Local time of the daily scan in `timeZone`. */
  hour: number;
  minute: number;
  /** IANA zone that decides what "today" and "in 7 days" mean. */
  timeZone: string;
  /** Accounts read (and reminders written) per batch. */
  batchSize: number;
}

export interface AuditConfig {
  /** Queue a chain verification 10 s after a worker starts when the last one is over a day old. */
  verifyOnStart: boolean;
}

export type NodeEnv = 'development' | 'test' | 'production';

export interface AppConfig {
  env: NodeEnv;
  port: number;
  /** Public base URL; every link in an email is built from it, never from request headers. */
  url: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  corsOrigins: string[];
  /** Serves the built admin UI from this folder when it exists. */
  adminDist: string;
  /**
   * Which reverse proxies may name the client in X-Forwarded-For: `false`
   * (none, the socket address is the client), a hop count, or addresses and
   * CIDR ranges. Passed to express's `trust proxy` unchanged.
   */
  trustProxy: TrustProxy;
  /** Serve the OpenAPI page at /api/docs (default: everywhere but production). */
  docsEnabled: boolean;
}

export type TrustProxy = false | number | string[];

export interface DatabaseConfig {
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

export interface RedisConfig {
  url: string;
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls: boolean;
  /**
   * Sentinel mode: the sentinels to ask for the current primary of `name`.
   * host and port above are then unused; password, username, db and tls still
   * apply to the data nodes.
   */
  sentinel?: RedisSentinelConfig;
  /**
   * Cluster mode: the nodes to discover the cluster from (any few; the rest are found). host, port and db above are
   * then unused; password, username and tls apply to every node. QUEUE_PREFIX is hash-tagged.
   */
  cluster?: RedisClusterConfig;
  /** BullMQ key prefix, and of every key of ours; `{resetdesk}` (hash-tagged) puts them all in one Cluster slot. Tests use a unique one per run. */
  queuePrefix: string;
  /** How often a worker checks that its job schedulers still exist in Redis (a flush or a restart without persistence drops them). */
  scheduleCheckMs: number;
}

/** A Redis server or Sentinel to connect to. */
export interface RedisNode {
  host: string;
  port: number;
}

export interface RedisSentinelConfig {
  sentinels: RedisNode[];
  /** The monitored primary's name (`sentinel monitor <name> …`). */
  name: string;
  /** For the sentinels themselves (`requirepass` in sentinel.conf); the data nodes take REDIS_URL's. */
  password?: string;
}

export interface RedisClusterConfig {
  nodes: RedisNode[];
}

/** Sentinel mode when any sentinel is named. */
function redisSentinel(sentinels: RedisNode[], name: string, password?: string): RedisSentinelConfig | undefined {
  return sentinels.length > 0 ? { sentinels, name, password } : undefined;
}

function redisCluster(nodes: RedisNode[]): RedisClusterConfig | undefined {
  return nodes.length > 0 ? { nodes } : undefined;
}

/** What a cluster cannot do: two ways of finding Redis at once, keys spread over slots, a database other than 0. */
function redisClusterProblems(redis: RedisConfig): string[] {
  if (!redis.cluster) return [];
  const problems: string[] = [];
  if (redis.sentinel) problems.push('REDIS_CLUSTER_NODES and REDIS_SENTINELS are two ways of finding Redis; set one');
  if (!redis.queuePrefix.startsWith('{')) {
    problems.push(
      `QUEUE_PREFIX must be one word in braces, such as {resetdesk}, on a Redis Cluster: BullMQ's scripts need every key in one slot (got "${redis.queuePrefix}")`,
    );
  }
  if (redis.db !== 0) problems.push(`REDIS_URL must name database 0 on a Redis Cluster, which has no other (got ${redis.db})`);
  return problems;
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** Base delay of the exponential retry backoff, in milliseconds. */
  retryBackoffMs: number;
  /** Delivery attempts before a notification is `failed` (the first one included). */
  retryAttempts: number;
  /** Cap of the exponential backoff: no two attempts further apart than this. */
  retryMaxDelayMs: number;
  /** Rows still `queued` after this long are handed to the queue again. */
  sweepAfterMs: number;
  /** Embedded SMTP sink for demos; refused in production. */
  catcher: { enabled: boolean; port: number };
}

export interface SecurityConfig {
  /** 32-byte key for AES-256-GCM encryption of secrets at rest. */
  dataKey: Buffer;
  /** Sign-in attempts per IP address per minute on /api/auth. */
  authRateLimitPerMinute: number;
  /** When set, /metrics needs `Authorization: Bearer <token>` (from any address) instead of a loopback client. */
  metricsToken?: string;
}

/** What a domain's settings are read with: the shared reader, and whether the process runs in production. */
export interface ConfigContext {
  production: boolean;
}

/** Reads one domain's settings (chat, staff sign-in, …), reporting bad values through the reader. */
export type ConfigGroupReader<T> = (reader: EnvReader, context: ConfigContext) => T;

// Domain groups register here when their lib loads (defineConfigGroup), so that a process's
// boot check sees every group its modules use and reports all bad variables in one message.
const domainGroups = new Map<string, ConfigGroupReader<unknown>>();

export function registerConfigGroupReader<T>(key: string, read: ConfigGroupReader<T>): void {
  const known = domainGroups.get(key);
  if (known && known !== read) throw new Error(`Two configuration groups are named "${key}"`);
  domainGroups.set(key, read);
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

// Dev-only fallbacks. Production refuses to start with any of them (see requireSecret).
export const DEV_SECRETS = {
  DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
} as const;

/** The core groups; throws one ConfigError naming every bad variable of these and of every registered domain group. */
export function parseConfig(env: Env): ResetDeskConfig {
  return parseAll(env).core;
}

/** Every group by its key (`app`, …, and each domain's), as the processes inject them. */
export function parseConfigGroups(env: Env): Record<string, unknown> {
  const { core, domain } = parseAll(env);
  return { ...core, ...domain };
}

function parseAll(env: Env): { core: ResetDeskConfig; domain: Record<string, unknown> } {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);

  const nodeEnv = reader.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';

  const app: AppConfig = {
    env: nodeEnv,
    port: reader.port('PORT', 3000),
    url: reader.httpUrl('APP_URL', 'http://localhost:3000'),
    logLevel: reader.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    corsOrigins: reader.list('CORS_ORIGINS'),
    adminDist: env.ADMIN_DIST ?? 'dist/admin',
    trustProxy: reader.trustProxy('TRUST_PROXY'),
    docsEnabled: reader.bool('DOCS_ENABLED', !production),
  };

  const database = reader.databaseUrl('DATABASE_URL', 'mysql://root@127.0.0.1:3306/resetdesk');
  const redis: RedisConfig = {
    ...reader.redisUrl('REDIS_URL', 'redis://127.0.0.1:6379', reader.keyPrefix('QUEUE_PREFIX', 'resetdesk')),
    sentinel: redisSentinel(
      reader.hostPorts('REDIS_SENTINELS'),
      reader.redisName('REDIS_SENTINEL_NAME', 'mymaster'),
      reader.optionalSecret('REDIS_SENTINEL_PASSWORD', 1),
    ),
    cluster: redisCluster(reader.hostPorts('REDIS_CLUSTER_NODES')),
    scheduleCheckMs: reader.int('SCHEDULE_CHECK_MS', 60_000, 1000, 3_600_000),
  };
  problems.push(...redisClusterProblems(redis));

  const catcherEnabled = reader.bool('MAIL_CATCHER', false);
  const catcherPort = reader.port('MAIL_CATCHER_PORT', 1025);
  if (production && catcherEnabled) {
    problems.push('MAIL_CATCHER must not be enabled when NODE_ENV=production (it swallows real mail)');
  }
  const mail: MailConfig = {
    smtpUrl: production ? reader.requiredSmtpUrl('SMTP_URL') : reader.smtpUrl('SMTP_URL', `smtp://127.0.0.1:${catcherPort}`),
    from: reader.mailbox('MAIL_FROM', 'ResetDesk <no-reply@resetdesk.local>'),
    retryBackoffMs: reader.int('MAIL_RETRY_BACKOFF_MS', 5000, 1, 3_600_000),
    retryAttempts: reader.int('MAIL_RETRY_ATTEMPTS', 30, 1, 1000),
    retryMaxDelayMs: reader.int('MAIL_RETRY_MAX_DELAY_MS', 3_600_000, 1, 86_400_000),
    sweepAfterMs: reader.int('OUTBOX_SWEEP_AFTER_MS', 60_000, 1000, 86_400_000),
    catcher: { enabled: catcherEnabled, port: catcherPort },
  };

  const security: SecurityConfig = {
    dataKey: reader.key32('DATA_KEY', DEV_SECRETS.DATA_KEY, production),
    authRateLimitPerMinute: reader.int('AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 10_000),
    metricsToken: reader.optionalSecret('METRICS_TOKEN', 24),
  };

  const audit: AuditConfig = { verifyOnStart: reader.bool('AUDIT_VERIFY_ON_START', true) };

  const reminderTime = reader.timeOfDay('REMINDER_TIME', { hour: 8, minute: 0 });
  const reminders: RemindersConfig = {
    scheduled: reader.bool('REMINDER_SCHEDULE', true),
    ...reminderTime,
    timeZone: reader.timeZone('REMINDER_TZ', 'UTC'),
    batchSize: reader.int('REMINDER_BATCH_SIZE', 1000, 50, 10_000),
  };

  const directory = reader.directory(production);

  const domain = Object.fromEntries([...domainGroups].map(([key, read]) => [key, read(reader, { production })]));

  if (problems.length > 0) throw new ConfigError(problems);
  return { core: { app, database, redis, mail, security, audit, reminders, directory }, domain };
}

/** Reads and checks single variables, collecting every problem instead of stopping at the first. */
export class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private fail<T>(name: string, message: string, fallback: T): T {
    this.problems.push(`${name} ${message}`);
    return fallback;
  }

  oneOf<const T extends readonly string[]>(name: string, allowed: T, fallback: T[number]): T[number] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    return (allowed as readonly string[]).includes(value)
      ? (value as T[number])
      : this.fail(name, `must be one of ${allowed.join(', ')} (got "${value}")`, fallback);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      return this.fail(name, `must be a whole number between ${min} and ${max} (got "${value}")`, fallback);
    }
    return parsed;
  }

  port(name: string, fallback: number): number {
    return this.int(name, fallback, 1, 65535);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    return this.fail(name, `must be true or false (got "${value}")`, fallback);
  }

  /** A comma-separated subset of `allowed`; an empty value means none. */
  subsetOf<const T extends readonly string[]>(name: string, allowed: T, fallback: T[number][]): T[number][] {
    const value = this.env[name];
    if (value === undefined) return fallback;
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (unknown.length > 0) return this.fail(name, `may only list ${allowed.join(', ')} (got "${unknown.join(', ')}")`, fallback);
    return items as T[number][];
  }

  /** "HH:MM" on a 24-hour clock. */
  timeOfDay(name: string, fallback: { hour: number; minute: number }): { hour: number; minute: number } {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value);
    return match
      ? { hour: Number(match[1]), minute: Number(match[2]) }
      : this.fail(name, `must be a time of day as HH:MM, e.g. 08:00 (got "${value}")`, fallback);
  }

  /** An IANA time zone name such as Europe/Berlin, as the runtime knows it. */
  timeZone(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    } catch {
      return this.fail(name, `must be an IANA time zone such as UTC or Europe/Berlin (got "${value}")`, fallback);
    }
  }

  /**
   * TRUST_PROXY: empty/`false` for none, a hop count (`1`), or a comma list of
   * addresses, CIDR ranges and express's names (`loopback`, `linklocal`,
   * `uniquelocal`). `true` (trust any hop) is refused: every client could then
   * choose its own address.
   */
  trustProxy(name: string): TrustProxy {
    const value = this.raw(name);
    if (value === undefined || ['false', 'none', '0'].includes(value.toLowerCase())) return false;
    if (/^\d+$/.test(value)) {
      return Number(value) <= 10 ? Number(value) : this.fail(name, `hop count must be between 1 and 10 (got "${value}")`, false);
    }
    if (value.toLowerCase() === 'true') {
      return this.fail(
        name,
        'must not be "true" (every client could pick its own address); give the hop count (e.g. 1) or the proxy addresses',
        false,
      );
    }
    const entries = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    const invalid = entries.filter((entry) => !isTrustedProxyEntry(entry));
    if (invalid.length > 0) {
      return this.fail(
        name,
        `must be a hop count or a list of addresses/CIDR ranges such as 127.0.0.1/8,10.0.0.0/8 (not understood: "${invalid.join('", "')}")`,
        false,
      );
    }
    return entries;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    return value
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : [];
  }

  /** Letters, digits and `_ . : -`; or one such word in braces, a Redis Cluster hash tag (`{resetdesk}`). */
  keyPrefix(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    return /^(?:[A-Za-z0-9_.:-]{1,64}|\{[A-Za-z0-9_.:-]{1,62}\})$/.test(value)
      ? value
      : this.fail(
          name,
          'may only contain letters, digits and _ . : - (at most 64), or be one such word in braces like {resetdesk}',
          fallback,
        );
  }

  /** `host:port,host:port` of Redis Sentinels or cluster nodes; empty without. */
  hostPorts(name: string): RedisNode[] {
    return this.list(name).flatMap((entry) => {
      const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
      const port = match ? Number(match[2]) : 0;
      if (!match || port < 1 || port > 65535) {
        this.problems.push(
          `${name} must be host:port entries separated by commas, e.g. ${/SENTINEL/.test(name) ? 'sentinel-1:26379,sentinel-2:26379' : 'redis-1:6379,redis-2:6379'} (got "${entry}")`,
        );
        return [];
      }
      return [{ host: match[1]!.replace(/^\[|\]$/g, ''), port }];
    });
  }

  /** A Redis name such as Sentinel's `sentinel monitor <name>`. */
  redisName(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    return /^[A-Za-z0-9_.-]{1,64}$/.test(value)
      ? value
      : this.fail(name, 'may only contain letters, digits and _ . - (at most 64), as in "sentinel monitor <name>"', fallback);
  }

  private url(name: string, value: string, protocols: string[], hint: string): URL | undefined {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      this.problems.push(`${name} is not a valid URL; expected ${hint}`);
      return undefined;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}"); expected ${hint}`);
      return undefined;
    }
    return parsed;
  }

  httpUrl(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    const parsed = this.url(name, value, ['http:', 'https:'], 'e.g. https://helpdesk.example.com');
    return parsed ? parsed.origin + parsed.pathname.replace(/\/+$/, '') : fallback;
  }

  optionalHttpUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return this.url(name, value, ['http:', 'https:'], 'an http(s) URL') ? value : undefined;
  }

  databaseUrl(name: string, fallback: string): DatabaseConfig {
    const value = this.raw(name) ?? fallback;
    const hint = 'mysql://user:password@host:3306/database';
    const parsed = this.url(name, value, ['mysql:', 'mariadb:'], hint);
    const database = parsed ? decodeURIComponent(parsed.pathname.replace(/^\//, '')) : '';
    if (parsed && !/^[A-Za-z0-9_]{1,64}$/.test(database)) {
      this.problems.push(`${name} must name a database (letters, digits, _) in its path; expected ${hint}`);
    }
    return {
      url: value,
      host: parsed?.hostname || '127.0.0.1',
      port: parsed?.port ? Number(parsed.port) : 3306,
      username: parsed ? decodeURIComponent(parsed.username) || 'root' : 'root',
      password: parsed ? decodeURIComponent(parsed.password) : '',
      database,
    };
  }

  redisUrl(name: string, fallback: string, queuePrefix: string): Omit<RedisConfig, 'scheduleCheckMs'> {
    const value = this.raw(name) ?? fallback;
    const hint = 'redis://[:password@]host:6379[/db]';
    const parsed = this.url(name, value, ['redis:', 'rediss:'], hint);
    const dbPart = parsed?.pathname.replace(/^\//, '') ?? '';
    if (parsed && dbPart !== '' && !/^\d{1,2}$/.test(dbPart)) {
      this.problems.push(`${name} database index must be a number (got "${dbPart}"); expected ${hint}`);
    }
    return {
      url: value,
      host: parsed?.hostname || '127.0.0.1',
      port: parsed?.port ? Number(parsed.port) : 6379,
      db: /^\d+$/.test(dbPart) ? Number(dbPart) : 0,
      username: parsed?.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed?.password ? decodeURIComponent(parsed.password) : undefined,
      tls: parsed?.protocol === 'rediss:',
      queuePrefix,
    };
  }

  smtpUrl(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    return this.url(name, value, ['smtp:', 'smtps:'], 'smtp://user:password@host:587') ? value : fallback;
  }

  requiredSmtpUrl(name: string): string {
    const value = this.raw(name);
    if (value === undefined) return this.fail(name, 'is required when NODE_ENV=production (e.g. smtp://user:pass@mail:587)', '');
    return this.smtpUrl(name, value);
  }

  mailbox(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    // Either "addr@host" or "Display Name <addr@host>".
    return /^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.?[^\s@<>]*>?$/.test(value)
      ? value
      : this.fail(name, `must be an email address or "Name <address>" (got "${value}")`, fallback);
  }

  secret(name: string, devDefault: string, production: boolean, minLength: number): string {
    const value = this.raw(name);
    if (value === undefined) {
      return production ? this.fail(name, 'is required when NODE_ENV=production', devDefault) : devDefault;
    }
    if (production && value === devDefault) return this.fail(name, 'must not be the development default in production', devDefault);
    if (value.length < minLength) return this.fail(name, `must be at least ${minLength} characters`, devDefault);
    return value;
  }

  /** A secret that is off when unset; when set, it must be long enough to resist guessing. */
  optionalSecret(name: string, minLength: number): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return value.length >= minLength
      ? value
      : this.fail(name, `must be at least ${minLength} characters (e.g. openssl rand -hex 24)`, undefined);
  }

  key32(name: string, devDefault: string, production: boolean): Buffer {
    const fallback = Buffer.from(devDefault, 'base64');
    const value = this.raw(name);
    if (value === undefined) {
      return production
        ? this.fail(name, `is required when NODE_ENV=production (generate one with: openssl rand -base64 32)`, fallback)
        : fallback;
    }
    if (production && value === devDefault) return this.fail(name, 'must not be the development default in production', fallback);
    const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : decodeBase64(value);
    return key?.length === 32
      ? key
      : this.fail(name, 'must be 32 bytes given as base64 or 64 hex characters (openssl rand -base64 32)', fallback);
  }

  /** DIRECTORY_*: nothing is read for the local store; a directory needs its address, account and base, over TLS where passwords travel. */
  directory(production: boolean): DirectoryConfig {
    const kind = this.oneOf('DIRECTORY_KIND', DIRECTORY_KINDS, 'local');
    const timeoutMs = this.int('DIRECTORY_TIMEOUT_MS', 5000, 100, 120_000);
    const syncSchedule = this.raw('DIRECTORY_SYNC_SCHEDULE') ?? '0 * * * *';
    const syncMaxDisablePercent = this.int('DIRECTORY_SYNC_MAX_DISABLE_PERCENT', 20, 0, 100);
    const cronProblem = cronScheduleProblem(syncSchedule);
    if (cronProblem)
      this.fail('DIRECTORY_SYNC_SCHEDULE', `must be a cron expression of 5 or 6 fields (got "${syncSchedule}": ${cronProblem})`, undefined);
    if (kind === 'local') {
      return {
        kind,
        url: '',
        startTls: false,
        bindDn: '',
        bindPassword: '',
        baseDn: '',
        userFilter: '',
        syncSchedule,
        syncMaxDisablePercent,
        attributes: { username: '', email: '', displayName: '' },
        timeoutMs,
      };
    }
    const defaults = DIRECTORY_DEFAULTS[kind];
    const url = this.raw('DIRECTORY_URL');
    const startTls = this.bool('DIRECTORY_STARTTLS', false);
    let parsed: URL | undefined;
    if (url === undefined)
      this.fail('DIRECTORY_URL', `is required when DIRECTORY_KIND=${kind} (e.g. ldaps://dc1.example.org:636)`, undefined);
    else {
      try {
        parsed = new URL(url);
      } catch {
        this.fail('DIRECTORY_URL', `is not a valid URL (got "${url}")`, undefined);
      }
      if (parsed && !['ldap:', 'ldaps:'].includes(parsed.protocol))
        this.fail('DIRECTORY_URL', `must use ldaps:// or ldap:// (got "${parsed.protocol}")`, undefined);
    }
    const encrypted = parsed?.protocol === 'ldaps:' || startTls;
    // AD accepts unicodePwd only over an encrypted connection; elsewhere passwords must not cross a production network in clear.
    if (parsed && !encrypted && (kind === 'ad' || production)) {
      this.fail(
        'DIRECTORY_URL',
        `must be ldaps:// (or set DIRECTORY_STARTTLS=true): ${kind === 'ad' ? 'Active Directory only accepts passwords over TLS' : 'passwords must not travel in clear text in production'}`,
        undefined,
      );
    }
    if (parsed?.protocol === 'ldaps:' && startTls)
      this.fail('DIRECTORY_STARTTLS', 'cannot be used with an ldaps:// URL (the connection is already TLS)', undefined);
    const required = (name: string, example: string) =>
      this.raw(name) ?? this.fail(name, `is required when DIRECTORY_KIND=${kind} (e.g. ${example})`, '');
    const caFile = this.raw('DIRECTORY_CA_FILE');
    if (caFile !== undefined && !existsSync(caFile)) this.fail('DIRECTORY_CA_FILE', `names no readable file (got "${caFile}")`, undefined);
    const attribute = (name: string, fallback: string | undefined) => {
      const value = this.raw(name) ?? fallback;
      if (value !== undefined && !/^[A-Za-z][A-Za-z0-9-]*$/.test(value))
        return this.fail(name, `must be an attribute name (got "${value}")`, fallback);
      return value;
    };
    const userFilter = this.raw('DIRECTORY_USER_FILTER') ?? defaults.userFilter;
    if (!/^\(.*\)$/s.test(userFilter))
      this.fail('DIRECTORY_USER_FILTER', `must be an LDAP filter in parentheses (got "${userFilter}")`, undefined);
    return {
      kind,
      url: url ?? '',
      startTls,
      bindDn: required(
        'DIRECTORY_BIND_DN',
        kind === 'ad' ? 'CN=ResetDesk,OU=Service,DC=example,DC=org' : 'cn=resetdesk,ou=services,dc=example,dc=org',
      ),
      // An empty password makes a simple bind unauthenticated (RFC 4513 5.1.2): servers that allow it would let ResetDesk in as nobody.
      bindPassword: this.env.DIRECTORY_BIND_PASSWORD
        ? this.env.DIRECTORY_BIND_PASSWORD
        : this.fail(
            'DIRECTORY_BIND_PASSWORD',
            this.env.DIRECTORY_BIND_PASSWORD === undefined
              ? `is required when DIRECTORY_KIND=${kind}`
              : 'must not be empty (an empty password is an unauthenticated bind)',
            '',
          ),
      baseDn: required('DIRECTORY_BASE_DN', kind === 'ad' ? 'OU=Staff,DC=example,DC=org' : 'ou=people,dc=example,dc=org'),
      userFilter,
      caFile,
      systemCaFile: caFile === undefined ? systemCaBundle(this.env) : undefined,
      syncSchedule,
      syncMaxDisablePercent,
      attributes: {
        username: attribute('DIRECTORY_ATTR_USERNAME', defaults.attributes.username)!,
        email: attribute('DIRECTORY_ATTR_EMAIL', defaults.attributes.email)!,
        displayName: attribute('DIRECTORY_ATTR_DISPLAY_NAME', defaults.attributes.displayName)!,
        chatId: attribute('DIRECTORY_ATTR_CHAT_ID', undefined),
        manager: attribute('DIRECTORY_ATTR_MANAGER', defaults.attributes.manager),
      },
      privilegedGroup: this.raw('DIRECTORY_PRIVILEGED_GROUP'),
      passwordPolicyDn: kind === 'ldap' ? this.raw('DIRECTORY_PASSWORD_POLICY_DN') : undefined,
      timeoutMs,
    };
  }
}

/** Where distributions keep the system's CA bundle (Debian/Ubuntu, RHEL/Fedora, Alpine); OpenSSL's SSL_CERT_FILE first. */
const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

function systemCaBundle(env: Env): string | undefined {
  return [env.SSL_CERT_FILE, ...SYSTEM_CA_BUNDLES].find((file): file is string => !!file && existsSync(file));
}

/** Why BullMQ's scheduler (cron-parser) would not run `schedule`, or undefined when it would: 5 fields, 6 with seconds first, or an @alias. */
function cronScheduleProblem(schedule: string): string | undefined {
  const fields = schedule.trim().split(/\s+/).length;
  if (!schedule.trim().startsWith('@') && (fields < 5 || fields > 6)) return `${fields} field${fields === 1 ? '' : 's'}`;
  try {
    CronExpressionParser.parse(schedule, { tz: 'UTC' });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const DIRECTORY_DEFAULTS: Record<'ldap' | 'ad', { userFilter: string; attributes: DirectoryAttributeMap }> = {
  ldap: {
    userFilter: '(objectClass=inetOrgPerson)',
    attributes: { username: 'uid', email: 'mail', displayName: 'cn', manager: 'manager' },
  },
  ad: {
    userFilter: '(&(objectCategory=person)(objectClass=user))',
    attributes: { username: 'sAMAccountName', email: 'mail', displayName: 'displayName', manager: 'manager' },
  },
};

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** What express's `trust proxy` (proxy-addr) accepts: a named range, an address, or address/prefix. */
function isTrustedProxyEntry(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function decodeBase64(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
}

/** A fresh random key, printed by tooling that helps operators fill DATA_KEY. */
export function generateDataKey(): string {
  return randomBytes(32).toString('base64');
}
