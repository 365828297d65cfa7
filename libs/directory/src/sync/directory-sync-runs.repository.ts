import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ListQuery } from '@resetdesk/core';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { DirectorySyncRunEntity, DirectorySyncMode, DirectorySyncTrigger } from './directory-sync-run.entity';

export interface DirectorySyncCounts {
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  disabled: number;
  conflicts: number;
}

export interface DirectorySyncRunFilter {
  status: DirectorySyncRunEntity['status'];
  mode: DirectorySyncMode;
  trigger: DirectorySyncTrigger;
}

/** What `begin` found: the new run, or the run that holds the lease. */
export type BeginOutcome = { started: DirectorySyncRunEntity; expired: DirectorySyncRunEntity[] } | { busy: DirectorySyncRunEntity };

/** Queries on directory_sync_runs: the lease that keeps syncs one at a time, progress, the finish. */
@Injectable()
export class DirectorySyncRunsRepository {
  constructor(
    @InjectRepository(DirectorySyncRunEntity) private readonly runs: Repository<DirectorySyncRunEntity>,
    private readonly dataSource: DataSource,
  ) {}

  /** The most recent run, whatever its outcome. */
  latest(): Promise<DirectorySyncRunEntity | null> {
    return this.runs.findOne({ where: {}, order: { id: 'DESC' } });
  }

  /** The most recent run that finished with this status. */
  latestWithStatus(status: DirectorySyncRunEntity['status'], mode?: DirectorySyncMode): Promise<DirectorySyncRunEntity | null> {
    return this.runs.findOne({ where: { status, ...(mode ? { mode } : {}) }, order: { id: 'DESC' } });
  }

  /** How many runs are recorded, by mode and status (runs are kept, so a finished status's count only grows). */
  async countsByModeAndStatus(): Promise<Array<{ mode: DirectorySyncMode; status: DirectorySyncRunEntity['status']; runs: number }>> {
    const rows: Array<{ mode: DirectorySyncMode; status: DirectorySyncRunEntity['status']; runs: string }> = await this.runs
      .createQueryBuilder('run')
      .select(['run.mode AS mode', 'run.status AS status', 'COUNT(*) AS runs'])
      .groupBy('run.mode')
      .addGroupBy('run.status')
      .getRawMany();
    return rows.map((row) => ({ ...row, runs: Number(row.runs) }));
  }

  /** Newest first, a page at a time. */
  list(query: ListQuery<DirectorySyncRunFilter>): Promise<[DirectorySyncRunEntity[], number]> {
    return this.runs.findAndCount({ where: { ...query.filter }, order: { id: query.sort.order }, skip: query.skip, take: query.take });
  }

  /**
   * Starts a run unless another holds a live lease. The running rows are
   * read FOR UPDATE, so two processes starting at once queue on the lock
   * (or, with no row to lock, one of them deadlocks on the insert and is
   * retried by the caller, then sees the other's row). A running row whose
   * lease has passed belongs to a process that died: it is marked failed.
   */
  begin(
    run: { mode: DirectorySyncMode; trigger: DirectorySyncTrigger; requestedByStaffId: number | null },
    now: Date,
    leaseUntil: Date,
  ): Promise<BeginOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const runs = manager.getRepository(DirectorySyncRunEntity);
      const running = await runs
        .createQueryBuilder('run')
        .setLock('pessimistic_write')
        .where("run.status = 'running'")
        .orderBy('run.id', 'ASC')
        .getMany();
      const live = running.find((candidate) => candidate.leaseUntil !== null && candidate.leaseUntil > now);
      if (live) return { busy: live };
      for (const dead of running) {
        await runs.update(
          { id: dead.id },
          {
            status: 'failed',
            finishedAt: now,
            leaseUntil: null,
            error: `The process running this sync stopped renewing its lease (last renewed until ${dead.leaseUntil?.toISOString() ?? 'never'}); a later run took over`,
          },
        );
      }
      const inserted = await runs.insert({ ...run, status: 'running', startedAt: now, leaseUntil });
      const started = await runs.findOneByOrFail({ id: Number(inserted.identifiers[0]!.id) });
      return { started, expired: running };
    });
  }

  /** Extends the lease and records progress; false when the run is no longer ours (taken as dead by another process). */
  async renew(id: number, leaseUntil: Date, counts: DirectorySyncCounts): Promise<boolean> {
    const result = await this.runs.update({ id, status: 'running' }, { leaseUntil, ...counts });
    return (result.affected ?? 0) > 0;
  }

  async succeed(
    manager: EntityManager,
    id: number,
    counts: DirectorySyncCounts,
    cursor: string | null,
    summary: string | null,
    now: Date,
  ): Promise<boolean> {
    const result = await manager
      .getRepository(DirectorySyncRunEntity)
      .update(
        { id, status: 'running' },
        { ...counts, status: 'succeeded', changeCursor: cursor, error: summary?.slice(0, 1000) ?? null, finishedAt: now, leaseUntil: null },
      );
    return (result.affected ?? 0) > 0;
  }

  async fail(manager: EntityManager, id: number, counts: DirectorySyncCounts, error: string, now: Date): Promise<void> {
    await manager
      .getRepository(DirectorySyncRunEntity)
      .update({ id }, { ...counts, status: 'failed', error: error.slice(0, 1000), finishedAt: now, leaseUntil: null });
  }
}
