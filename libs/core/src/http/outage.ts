import { DomainException } from './domain.exception';

/** How long clients (and load balancers) are asked to wait before trying again during an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

export const OutageErrorCode = {
  /** The database or Redis cannot be reached right now; nothing was done. Retry-After says when to try again. */
  Unavailable: 'SERVICE_UNAVAILABLE',
} as const;
export type OutageErrorCode = (typeof OutageErrorCode)[keyof typeof OutageErrorCode];

/** A dependency (database, Redis) cannot be reached: 503 with Retry-After, never a 500. */
export class OutageException extends DomainException<OutageErrorCode> {
  protected readonly statusByCode: Record<OutageErrorCode, number> = { SERVICE_UNAVAILABLE: 503 };

  constructor(what: string) {
    super(OutageErrorCode.Unavailable, `${what} is unavailable right now; try again in a few seconds`, {
      retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
    });
  }
}

// Socket-level failures (node), mysql2 connection-level errors, and MySQL/MariaDB refusing connections.
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'POOL_CLOSED',
  'POOL_ENQUEUELIMIT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_NORMAL_SHUTDOWN',
  'ER_SERVER_OFFLINE_MODE',
  'ER_CONNECTION_KILLED',
]);

// ioredis's own words when a command cannot be sent or answered (it sets no code on these), Redis refusing writes
// at maxmemory under noeviction (the job was not stored, so the request did not happen), and a Redis Cluster
// between a primary's death and its replica's promotion: the slot has no primary, or the client is still finding it.
const REDIS_UNREACHABLE =
  /^(Connection is closed|Stream isn't writeable|Command timed out|Reached the max retries per request limit|OOM command not allowed|CLUSTERDOWN|TRYAGAIN|LOADING|Too many Cluster redirections|Cluster isn't ready|Failed to refresh slots cache)/;

/**
 * Whether `error` (or the driver error / cause it wraps) says a database or
 * Redis connection could not be made or was lost, as opposed to a bug or a
 * bad query: the exception filter answers these 503.
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, fatal, message, name, driverError, cause } = error as {
    code?: unknown;
    fatal?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  // mysql2 marks errors that broke the connection itself as fatal.
  if (fatal === true) return true;
  if (name === 'MaxRetriesPerRequestError' || (typeof message === 'string' && REDIS_UNREACHABLE.test(message))) return true;
  // TypeORM's pool gave up waiting for a connection.
  if (typeof message === 'string' && /Timeout acquiring a connection|Pool is closed/i.test(message)) return true;
  return isConnectionFailure(driverError, depth + 1) || isConnectionFailure(cause, depth + 1);
}
