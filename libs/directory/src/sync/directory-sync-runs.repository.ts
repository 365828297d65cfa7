import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DirectorySyncRunEntity } from './directory-sync-run.entity';

/** Queries on directory_sync_runs. The sync adds its own writes here (start, lease, finish). */
@Injectable()
export class DirectorySyncRunsRepository {
  constructor(@InjectRepository(DirectorySyncRunEntity) private readonly runs: Repository<DirectorySyncRunEntity>) {}

  /** The most recent run, whatever its outcome. */
  latest(): Promise<DirectorySyncRunEntity | null> {
    return this.runs.findOne({ where: {}, order: { id: 'DESC' } });
  }

  /** The most recent run that finished with this status. */
  latestWithStatus(status: DirectorySyncRunEntity['status']): Promise<DirectorySyncRunEntity | null> {
    return this.runs.findOne({ where: { status }, order: { id: 'DESC' } });
  }

  /** Newest first, a page at a time. */
  list(offset: number, limit: number): Promise<[DirectorySyncRunEntity[], number]> {
    return this.runs.findAndCount({ order: { id: 'DESC' }, skip: offset, take: limit });
  }
}
