// Plain types of the System API answers; the admin UI imports them too, so they carry no runtime imports.
export type ServiceState = { status: 'up' | 'degraded' | 'down'; message?: string };

/** Redis's eviction policy and memory use (maxBytes 0: no limit set). */
export interface RedisMemory {
  policy: string;
  usedBytes: number;
  maxBytes: number;
}

export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface SystemStatus {
  database: ServiceState;
  redis: ServiceState & { memory?: RedisMemory };
  smtp: ServiceState;
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
