import { Inject, Injectable } from '@nestjs/common';
import { directoryConfig, DirectoryConfigType, DirectoryKind, withTimeout } from '@resetdesk/core';
import { InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from 'ldapts';
import { DirectoryConnection } from '../directory-connection';
import { DirectoryUnavailable } from '../directory.errors';
import { DirectoryMetrics, ReachabilitySource } from '../directory.metrics';
import { withoutCredentials } from '../directory-url';

export type DirectoryTls = 'ldaps' | 'starttls' | 'none';

/** Where the directory is, as an operator may read it (never the bind password). */
export interface DirectoryAddress {
  kind: Exclude<DirectoryKind, 'local'>;
  /** DIRECTORY_URL without any user or password part. */
  url: string;
  tls: DirectoryTls;
}

/** What stopped the probe, so the message can say what to check. */
export type DirectoryProblem = 'unreachable' | 'timeout' | 'tls' | 'service-account' | 'base-dn' | 'refused';

export type DirectoryReachability =
  | { reachable: true; latencyMs: number; checkedAt: Date }
  | { reachable: false; problem: DirectoryProblem; message: string; checkedAt: Date };

// A health check polled every few seconds by a load balancer must not open a directory connection each time.
const FRESH_FOR_MS = 5_000;

/** Node's and OpenSSL's codes for a certificate or handshake that did not verify. */
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|CERT_|HOSTNAME_MISMATCH)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * Whether the configured directory answers: a connection with its TLS, the
 * service account's bind and a read of the base DN entry (scope base), all
 * within DIRECTORY_TIMEOUT_MS. One probe at a time, and a result is reused
 * for a few seconds, so health polls and scrapes cost the directory little.
 */
@Injectable()
export class DirectoryProbe implements ReachabilitySource {
  readonly address?: DirectoryAddress;
  private inFlight?: Promise<DirectoryReachability>;
  private last?: DirectoryReachability;

  constructor(
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
    private readonly connection: DirectoryConnection,
    private readonly metrics: DirectoryMetrics,
  ) {
    if (config.kind !== 'local') this.address = { kind: config.kind, url: withoutCredentials(config.url), tls: tlsOf(config) };
    metrics.reachabilityFrom(this);
  }

  /** The latest result if it is fresh, else a new probe (shared with concurrent callers). */
  reachability(): Promise<DirectoryReachability> {
    if (this.last && Date.now() - this.last.checkedAt.getTime() < FRESH_FOR_MS) return Promise.resolve(this.last);
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The last result, however old; undefined before the first probe. */
  lastKnown(): DirectoryReachability | undefined {
    return this.last;
  }

  /**
   * A result within `waitMs`: the fresh one, else the previous one while the
   * new probe goes on (the next caller gets it), else "no answer yet". For
   * callers that must answer fast whatever the directory does: a load
   * balancer's health check times out long before DIRECTORY_TIMEOUT_MS.
   */
  async reachabilityWithin(waitMs: number): Promise<DirectoryReachability> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    const fresh = await Promise.race([this.reachability(), waited]).finally(() => clearTimeout(timer));
    return (
      fresh ??
      this.last ?? {
        reachable: false,
        problem: 'timeout',
        message: `The directory at ${this.address?.url ?? ''} has not answered within ${waitMs} ms (the check goes on for up to ${this.config.timeoutMs} ms): check the network path and the server's load`,
        checkedAt: new Date(),
      }
    );
  }

  private async probe(): Promise<DirectoryReachability> {
    const started = performance.now();
    let result: DirectoryReachability;
    try {
      // A failed probe counts as "unavailable" in the operations metric: the directory could not serve a reset now.
      await this.metrics.observe('check', () =>
        withTimeout(
          this.connection.asService((client) => client.search(this.config.baseDn, { scope: 'base', attributes: ['1.1'], sizeLimit: 1 })),
          this.config.timeoutMs,
          'timeout',
        ),
      );
      result = { reachable: true, latencyMs: Math.round(performance.now() - started), checkedAt: new Date() };
    } catch (error) {
      result = { reachable: false, ...this.describe(error), checkedAt: new Date() };
    }
    this.last = result;
    return result;
  }

  /** A sentence naming what to check, from the error as ldapts or Node raised it. */
  describe(error: unknown): { problem: DirectoryProblem; message: string } {
    const url = this.address?.url ?? '';
    const cause = error instanceof DirectoryUnavailable && error.cause !== undefined ? error.cause : error;
    if (cause instanceof InvalidCredentialsError) {
      return {
        problem: 'service-account',
        message: `The directory refused ResetDesk's service account (${this.config.bindDn}): check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD, and that the account is neither locked nor disabled`,
      };
    }
    if (cause instanceof NoSuchObjectError) {
      return {
        problem: 'base-dn',
        message: `The base DN "${this.config.baseDn}" does not exist in the directory at ${url} (or the service account may not see it): check DIRECTORY_BASE_DN`,
      };
    }
    if (cause instanceof ResultCodeError) {
      return {
        problem: 'refused',
        message: `The directory at ${url} refused to read the base DN "${this.config.baseDn}" (${cause.name}, result code ${cause.code}): check the service account's read access`,
      };
    }
    // Duck-typed: Node's socket errors are not `instanceof Error` in every realm (jest's, for one).
    const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown };
    const reason = typeof message === 'string' ? message : String(cause);
    if (typeof code === 'string' && TLS_CODES.test(code)) {
      return {
        problem: 'tls',
        message: `TLS with the directory at ${url} failed (${reason}): check that DIRECTORY_CA_FILE holds the CA that signed the server's certificate and that the certificate names the host in DIRECTORY_URL`,
      };
    }
    if (code === 'ECONNRESET' && /secure TLS connection/.test(reason)) {
      return {
        problem: 'tls',
        message: `The directory at ${url} closed the connection before TLS was established: check that the port speaks ${this.address?.tls === 'ldaps' ? 'LDAPS (usually 636)' : 'LDAP with STARTTLS (usually 389)'}`,
      };
    }
    if (/timeout/i.test(reason)) {
      return {
        problem: 'timeout',
        message: `The directory at ${url} did not answer within ${this.config.timeoutMs} ms: check the network path and the server's load, or raise DIRECTORY_TIMEOUT_MS`,
      };
    }
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      return {
        problem: 'unreachable',
        message: `Cannot reach the directory at ${url} (${reason}): check that the server is running and that DIRECTORY_URL names the right host and port`,
      };
    }
    return {
      problem: 'unreachable',
      message: error instanceof Error ? error.message : `The directory at ${url} did not answer (${reason})`,
    };
  }
}

function tlsOf(config: DirectoryConfigType): DirectoryTls {
  if (config.url.startsWith('ldaps:')) return 'ldaps';
  return config.startTls ? 'starttls' : 'none';
}
