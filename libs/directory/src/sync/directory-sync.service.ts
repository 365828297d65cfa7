import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditAction, AuditActor, AuditRecorder, SYSTEM_ACTOR } from '@resetdesk/audit';
import { Clock, directoryConfig, DirectoryConfigType, retryOnDeadlock } from '@resetdesk/core';
import { Client } from 'ldapts';
import { DataSource } from 'typeorm';
import { DirectoryConnection } from '../directory-connection';
import { AdEntryReader } from './ad-entry-reader';
import { DirectoryAccountRecord, DirectoryEntryReader, DirectoryReaderContext } from './directory-entry';
import { DirectorySyncMode, DirectorySyncRunEntity, DirectorySyncTrigger } from './directory-sync-run.entity';
import { DirectorySyncCounts, DirectorySyncRunsRepository } from './directory-sync-runs.repository';
import { DirectorySyncErrorCode, DirectorySyncException } from './directory-sync.exception';
import { DirectorySyncRepository, DirectorySyncStaging, StagedAccount, SyncConflict, SyncedStatus } from './directory-sync.repository';
import { LdapEntryReader } from './ldap-entry-reader';
import { notTheDirectory, unwrapSyncStopped } from './sync-stopped';
import { operatorText } from '../directory.errors';

export interface DirectorySyncRequest {
  trigger: DirectorySyncTrigger;
  /** Default: incremental after a successful run, full when there is none or the last full one is a day old. */
  mode?: DirectorySyncMode;
  requestedByStaffId?: number | null;
}

export interface DirectorySyncSummary extends DirectorySyncCounts {
  runId: number;
  mode: DirectorySyncMode;
  /** Entries the directory holds now (the id-only pass). */
  present: number;
  adopted: number;
  /** Accounts whose privileged flag followed a group change. */
  privilegeChanges: number;
  /** Accounts whose manager followed their entry's manager DN. */
  managerChanges: number;
  /** The first conflicts by name (all are counted in `conflicts`). */
  namedConflicts: SyncConflict[];
  cursor: string | null;
  durationMs: number;
  /** Of which the id-only pass (leavers, group changes): what finding leavers costs on every run. */
  idPassMs: number;
}

/** Entries per paged-search page and per database batch: RFC 2696 pages; AD's MaxPageSize is 1000. */
export const DIRECTORY_SYNC_PAGE_SIZE = 500;
/** The id-only pass's entries are a few dozen bytes: AD's MaxPageSize (1000) a page halves its round trips. */
const ID_PASS_PAGE_SIZE = 1000;
/** A running sync renews its lease every page; a run not heard of for this long is taken as dead. */
const LEASE_MS = 120_000;
/** Incremental reads cannot see an entry that stopped matching for other reasons, nor retry an old conflict: a full read at least daily. */
const FULL_SYNC_EVERY_MS = 24 * 3_600_000;
const NAMED_CONFLICTS = 20;
/** Up to this many leavers in one run are disabled whatever their share (a small directory losing two people is not a mistake). */
const MASS_DISABLE_FLOOR = 10;
/** accounts column lengths: longer values could not be stored. */
const MAX_LENGTH = { username: 191, email: 320, displayName: 200, chatId: 128, dn: 1024 } as const;

interface RunState {
  run: DirectorySyncRunEntity;
  counts: DirectorySyncCounts;
  conflicts: SyncConflict[];
  adopted: number;
  privilegeChanges: number;
  managerChanges: number;
  present: number;
  idPassMs: number;
}

/**
 * Brings accounts from the directory (SPEC §10): one sync at a time across
 * processes (a leased run row), two paged searches on one connection —
 * first the ids only, to disable leavers and follow group changes, then
 * the entries (all of them, or those changed since the last good run) —
 * each page written as it arrives, so memory stays flat at any size. One
 * audit event per run, in the transaction that finishes it.
 */
@Injectable()
export class DirectorySyncService {
  private readonly logger = new Logger(DirectorySyncService.name);
  private readonly reader: DirectoryEntryReader | null;

  constructor(
    private readonly connection: DirectoryConnection,
    private readonly runs: DirectorySyncRunsRepository,
    private readonly staging: DirectorySyncRepository,
    private readonly audit: AuditRecorder,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(directoryConfig.KEY) private readonly config: DirectoryConfigType,
  ) {
    this.reader = config.kind === 'ad' ? new AdEntryReader(config) : config.kind === 'ldap' ? new LdapEntryReader(config) : null;
  }

  get enabled(): boolean {
    return this.reader !== null;
  }

  async run(request: DirectorySyncRequest): Promise<DirectorySyncSummary> {
    const reader = this.reader;
    if (!reader)
      throw new DirectorySyncException(
        DirectorySyncErrorCode.NotConfigured,
        'DIRECTORY_KIND is local: accounts are managed here, there is no directory to sync from',
      );
    const started = Date.now();
    const now = this.clock.now();
    const lastGood = await this.runs.latestWithStatus('succeeded');
    const mode = await this.modeFor(request.mode, lastGood, now);
    const begun = await retryOnDeadlock(() =>
      this.runs.begin({ mode, trigger: request.trigger, requestedByStaffId: request.requestedByStaffId ?? null }, now, this.leaseFrom(now)),
    );
    if ('busy' in begun) {
      throw new DirectorySyncException(
        DirectorySyncErrorCode.AlreadyRunning,
        `A directory sync is already running (run ${begun.busy.id}, started ${begun.busy.startedAt.toISOString()}); this one was not started`,
        { runId: begun.busy.id },
      );
    }
    for (const dead of begun.expired) await this.recordAbandoned(dead);
    const state: RunState = {
      run: begun.started,
      counts: { seen: 0, created: 0, updated: 0, unchanged: 0, disabled: 0, conflicts: 0 },
      conflicts: [],
      adopted: 0,
      privilegeChanges: 0,
      managerChanges: 0,
      present: 0,
      idPassMs: 0,
    };
    const actor: AuditActor = request.requestedByStaffId ? { type: 'staff', id: request.requestedByStaffId } : SYSTEM_ACTOR;
    let staging: DirectorySyncStaging | undefined;
    try {
      staging = await this.staging.open({
        privileged: this.config.privilegedGroup !== undefined,
        chatIds: this.config.attributes.chatId !== undefined,
        managers: this.config.attributes.manager !== undefined,
      });
      const open = staging;
      const { cursor, notes } = await this.connection
        .asService(async (client) => {
          const context = await reader.prepare(client, now);
          const idPassStarted = Date.now();
          const latest = await this.readPresentIds(client, reader, context, open, state, now);
          state.idPassMs = Date.now() - idPassStarted;
          const changedSince = mode === 'incremental' ? (lastGood?.changeCursor ?? null) : null;
          await this.readEntries(client, reader, context, open, state, changedSince, now);
          state.managerChanges = await notTheDirectory(() => open.linkManagers(now));
          return { cursor: reader.laterCursor(lastGood?.changeCursor ?? null, latest), notes: context.notes };
        })
        .catch((error: unknown) => {
          throw unwrapSyncStopped(error);
        });
      const summary: DirectorySyncSummary = {
        runId: state.run.id,
        mode,
        present: state.present,
        ...state.counts,
        adopted: state.adopted,
        privilegeChanges: state.privilegeChanges,
        managerChanges: state.managerChanges,
        namedConflicts: state.conflicts,
        cursor,
        durationMs: Date.now() - started,
        idPassMs: state.idPassMs,
      };
      await this.dataSource.transaction(async (manager) => {
        const finished = await this.runs.succeed(manager, state.run.id, state.counts, cursor, conflictSummary(state), this.clock.now());
        if (!finished) throw new Error('This sync lost its lease to another process (it took longer than the lease without renewing it)');
        await this.audit.record(manager, {
          actor,
          action: AuditAction.DirectorySynced,
          target: { type: 'directory-sync-run', id: state.run.id },
          details: {
            trigger: request.trigger,
            mode,
            ...state.counts,
            present: state.present,
            adopted: state.adopted,
            privilegeChanges: state.privilegeChanges,
            managerChanges: state.managerChanges,
            conflictEntries: state.conflicts,
            durationMs: summary.durationMs,
            idPassMs: state.idPassMs,
            directory: this.config.kind,
            ...notes,
          },
        });
      });
      this.logger.log(
        `Directory sync ${state.run.id} (${mode}, ${request.trigger}): ${state.counts.seen} read of ${state.present}, ${state.counts.created} created, ${state.counts.updated} updated, ` +
          `${state.counts.unchanged} unchanged, ${state.counts.disabled} disabled as gone, ${state.counts.conflicts} conflicts (${summary.durationMs} ms)`,
      );
      return summary;
    } catch (error) {
      const reason = describe(error);
      this.logger.warn(`Directory sync ${state.run.id} failed: ${reason}`);
      await this.dataSource
        .transaction(async (manager) => {
          await this.runs.fail(manager, state.run.id, state.counts, reason, this.clock.now());
          await this.audit.record(manager, {
            actor,
            action: AuditAction.DirectorySyncFailed,
            target: { type: 'directory-sync-run', id: state.run.id },
            details: {
              trigger: request.trigger,
              mode,
              ...state.counts,
              error: reason,
              durationMs: Date.now() - started,
              directory: this.config.kind,
            },
          });
        })
        .catch((recordError) =>
          this.logger.error(`Could not record the failure of directory sync ${state.run.id}: ${describe(recordError)}`),
        );
      throw error;
    } finally {
      await staging?.close().catch(() => undefined);
    }
  }

  private async modeFor(
    requested: DirectorySyncMode | undefined,
    lastGood: DirectorySyncRunEntity | null,
    now: Date,
  ): Promise<DirectorySyncMode> {
    if (requested === 'full' || !lastGood?.changeCursor) return 'full';
    if (requested === 'incremental') return 'incremental';
    const lastFull = await this.runs.latestWithStatus('succeeded', 'full');
    return lastFull && now.getTime() - lastFull.startedAt.getTime() < FULL_SYNC_EVERY_MS ? 'incremental' : 'full';
  }

  /**
   * The id-only pass: every entry's id goes to the staging table. Only a
   * complete pass disables anyone, and never everyone at once (an empty
   * answer is a wrong base DN or filter far more often than an empty company).
   * Returns the highest change stamp read: the next incremental run starts
   * there, so a change made while this run reads is read again next time.
   */
  private async readPresentIds(
    client: Client,
    reader: DirectoryEntryReader,
    context: DirectoryReaderContext,
    staging: DirectorySyncStaging,
    state: RunState,
    now: Date,
  ): Promise<string | null> {
    let latest: string | null = null;
    const pages = client.searchPaginated(this.config.baseDn, {
      scope: 'sub',
      filter: this.config.userFilter,
      attributes: reader.stampAttributes,
      explicitBufferAttributes: reader.binaryAttributes,
      paged: { pageSize: ID_PASS_PAGE_SIZE },
    });
    for await (const page of readAhead(pages)) {
      const stamps = page.searchEntries.map((entry) => context.stamp(entry)).filter((stamp) => stamp !== null);
      for (const stamp of stamps) latest = reader.laterCursor(latest, stamp.changeStamp);
      await notTheDirectory(() => staging.addSeen(stamps));
      await this.renew(state);
    }
    await notTheDirectory(() => this.applyPresentIds(staging, state, now));
    return latest;
  }

  /** Leavers and group changes from the complete id-only pass. */
  private async applyPresentIds(staging: DirectorySyncStaging, state: RunState, now: Date): Promise<void> {
    state.present = await staging.seenCount();
    if (state.present === 0) {
      const accounts = await staging.directoryAccountCount();
      if (accounts > 0) {
        throw new Error(
          `The directory returned no entries for ${this.config.userFilter} under ${this.config.baseDn}; not disabling ${accounts} directory accounts. Check DIRECTORY_BASE_DN and DIRECTORY_USER_FILTER`,
        );
      }
    }
    await this.refuseMassDisable(staging);
    state.counts.disabled = await staging.disableLeavers(now);
    state.privilegeChanges = await staging.applyPrivileged(now);
  }

  /**
   * Leavers come a few at a time; a third of the company gone in one hour is
   * a filter or base DN changed by mistake, or a directory answering from a
   * partial replica. Above DIRECTORY_SYNC_MAX_DISABLE_PERCENT (and more than
   * a handful, so a small directory can lose two people) the run fails before
   * anyone is disabled.
   */
  private async refuseMassDisable(staging: DirectorySyncStaging): Promise<void> {
    const leavers = await staging.leaverCount();
    if (leavers <= MASS_DISABLE_FLOOR) return;
    const accounts = await staging.directoryAccountCount();
    const limit = this.config.syncMaxDisablePercent;
    if (leavers * 100 <= limit * accounts) return;
    const share = Math.round((leavers * 1000) / accounts) / 10;
    throw new Error(
      `This run would disable ${leavers} of ${accounts} directory accounts (${share} %), more than DIRECTORY_SYNC_MAX_DISABLE_PERCENT=${limit} allows; nobody was disabled. ` +
        'Check DIRECTORY_BASE_DN and DIRECTORY_USER_FILTER, or raise DIRECTORY_SYNC_MAX_DISABLE_PERCENT for one run if they did leave',
    );
  }

  private async readEntries(
    client: Client,
    reader: DirectoryEntryReader,
    context: DirectoryReaderContext,
    staging: DirectorySyncStaging,
    state: RunState,
    changedSince: string | null,
    now: Date,
  ): Promise<void> {
    const filter = changedSince === null ? this.config.userFilter : reader.changedSinceFilter(this.config.userFilter, changedSince);
    const pages = client.searchPaginated(this.config.baseDn, {
      scope: 'sub',
      filter,
      attributes: reader.attributes,
      explicitBufferAttributes: reader.binaryAttributes,
      paged: { pageSize: DIRECTORY_SYNC_PAGE_SIZE },
    });
    for await (const page of readAhead(pages)) {
      const rows: StagedAccount[] = [];
      for (const entry of page.searchEntries) {
        state.counts.seen++;
        const record = await context.read(entry, client);
        const refusal = unstorable(record, this.config.attributes);
        if (refusal) this.conflict(state, { dn: record.dn, username: record.username, reason: refusal });
        else rows.push(toStaged(record, now));
      }
      const outcome = await notTheDirectory(() => staging.writeBatch(rows, now));
      state.counts.created += outcome.created;
      state.counts.updated += outcome.updated;
      state.counts.unchanged += outcome.unchanged;
      state.adopted += outcome.adopted.length;
      for (const conflict of outcome.conflicts) this.conflict(state, conflict);
      await this.renew(state);
    }
  }

  private conflict(state: RunState, conflict: SyncConflict): void {
    state.counts.conflicts++;
    if (state.conflicts.length < NAMED_CONFLICTS) state.conflicts.push(conflict);
  }

  private renew(state: RunState): Promise<void> {
    return notTheDirectory(async () => {
      const ours = await this.runs.renew(state.run.id, this.leaseFrom(this.clock.now()), state.counts);
      if (!ours)
        throw new Error('This sync lost its lease to another process (it went longer than the lease without renewing it); stopping');
    });
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + LEASE_MS);
  }

  /** A run whose process died is recorded as failed, audited like any failure. */
  private async recordAbandoned(dead: DirectorySyncRunEntity): Promise<void> {
    await this.audit.record(this.dataSource.manager, {
      actor: SYSTEM_ACTOR,
      action: AuditAction.DirectorySyncFailed,
      target: { type: 'directory-sync-run', id: dead.id },
      details: {
        trigger: dead.trigger,
        mode: dead.mode,
        error: 'its process stopped renewing the lease',
        leaseUntil: dead.leaseUntil?.toISOString() ?? null,
      },
    });
  }
}

/**
 * Asks the directory for the next page while the caller writes this one,
 * so the directory's and the database's work overlap; never more than two
 * pages in memory.
 */
async function* readAhead<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = pages.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = pages.next();
      // The caller may stop on an error before awaiting it; its rejection is then reported by the caller's own error.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await next.catch(() => undefined);
  }
}

/** Why a record cannot become an account row, or null. */
function unstorable(record: DirectoryAccountRecord, attributes: DirectoryConfigType['attributes']): string | null {
  if (!record.username) return `it has no ${attributes.username} (the username)`;
  // Email is required (codes and reminders go there) and unique: an entry without one is skipped, not given a made-up address.
  if (!record.email) return `it has no ${attributes.email}: accounts need an email address`;
  if (record.username.length > MAX_LENGTH.username) return `its ${attributes.username} is longer than ${MAX_LENGTH.username} characters`;
  if (record.email.length > MAX_LENGTH.email) return `its ${attributes.email} is longer than ${MAX_LENGTH.email} characters`;
  if (record.dn.length > MAX_LENGTH.dn) return `its DN is longer than ${MAX_LENGTH.dn} characters`;
  return null;
}

function toStaged(record: DirectoryAccountRecord, now: Date): StagedAccount {
  return {
    directoryId: record.directoryId,
    dn: record.dn,
    username: record.username!,
    // Lower-cased like every address the desk stores (API, CSV import): mail is matched case-insensitively anyway.
    email: record.email!.toLowerCase(),
    displayName: record.displayName.slice(0, MAX_LENGTH.displayName),
    chatId: record.chatId && record.chatId.length <= MAX_LENGTH.chatId ? record.chatId : null,
    managerDn: record.managerDn && record.managerDn.length <= MAX_LENGTH.dn ? record.managerDn : null,
    privileged: record.privileged,
    status: statusOf(record, now),
    mustChange: record.mustChange,
    passwordChangedAt: record.passwordChangedAt,
    passwordExpiresAt: record.passwordExpiresAt,
  };
}

/** The directory's word first: disabled, then locked, then an expiry that has come. */
function statusOf(record: DirectoryAccountRecord, now: Date): SyncedStatus {
  if (record.disabled) return 'disabled';
  if (record.locked) return 'locked';
  if (record.passwordExpiresAt && record.passwordExpiresAt <= now) return 'expired';
  return 'active';
}

function conflictSummary(state: RunState): string | null {
  if (state.counts.conflicts === 0) return null;
  const named = state.conflicts.map((conflict) => `${conflict.dn}: ${conflict.reason}`).join('; ');
  return `${state.counts.conflicts} entries not synced: ${named}${state.counts.conflicts > state.conflicts.length ? '; …' : ''}`;
}

function describe(error: unknown): string {
  return operatorText(error);
}
