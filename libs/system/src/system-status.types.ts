// Plain types of the System API answers; the admin UI imports them too, so they carry no runtime imports.
export type ServiceState = { status: 'up' | 'degraded' | 'down'; message?: string };

/** Redis's eviction policy, memory use (maxBytes 0: no limit set) and persistence (rdbSnapshots unknown where CONFIG is disabled). */
export interface RedisMemory {
  policy: string;
  usedBytes: number;
  maxBytes: number;
  persistence: { aof: boolean; rdbSnapshots: boolean | 'unknown' };
}

export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** The counts and outcome of one directory sync run, as the System page shows it. */
export interface DirectorySyncRunSummary {
  status: 'running' | 'succeeded' | 'failed';
  mode: 'full' | 'incremental';
  trigger: 'schedule' | 'cli' | 'admin';
  startedAt: string;
  finishedAt: string | null;
  counts: { seen: number; created: number; updated: number; unchanged: number; disabled: number; conflicts: number };
  error: string | null;
}

export interface DirectorySyncState {
  /** The latest run, whatever its outcome (a running one included). */
  lastRun: DirectorySyncRunSummary | null;
  lastSucceededAt: string | null;
  /** DIRECTORY_SYNC_SCHEDULE (cron, UTC). */
  schedule: string;
  /** Why the sync needs a look: the last run failed, or none succeeded for three scheduled runs. */
  degraded?: string;
}

/**
 * The password store. Local: always up, nothing to reach. A directory:
 * `down` here (the System page's view) when the probe failed, with what to
 * check in `message`; `/api/health` reports the same as degraded.
 */
export type DirectoryState =
  | (ServiceState & { kind: 'local' })
  | (ServiceState & {
      kind: 'ldap' | 'ad';
      /** DIRECTORY_URL without credentials. */
      url: string;
      tls: 'ldaps' | 'starttls' | 'none';
      /** Connection, bind and base DN read, when it answered. */
      latencyMs?: number;
      sync: DirectorySyncState;
    });

export interface SystemStatus {
  database: ServiceState;
  redis: ServiceState & { memory?: RedisMemory };
  smtp: ServiceState;
  directory: DirectoryState;
  queues: QueueDepth[];
  outbox: { queued: number; sent: number; failed: number };
  checkedAt: string;
}

export interface SystemInfo {
  /** Whether the demo mail catcher (and so the Mailbox page) is on. */
  mailCatcher: boolean;
  /** Whether codes can go to linked chat ids (CHAT_OUTBOUND_URL is set). */
  chatDelivery: boolean;
}
