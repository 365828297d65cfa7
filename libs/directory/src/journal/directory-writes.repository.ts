import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { DirectoryWriteEntity, DirectoryWriteOperation, DirectoryWriteStatus } from './directory-write.entity';

export interface DirectoryWriteStart {
  accountId: number;
  ticketId: number | null;
  operation: DirectoryWriteOperation;
  reason: string | null;
  actor: { type: DirectoryWriteEntity['actorType']; id?: string | number | null; label?: string | null };
}

/** Queries on directory_writes. */
@Injectable()
export class DirectoryWritesRepository {
  constructor(@InjectRepository(DirectoryWriteEntity) private readonly writes: Repository<DirectoryWriteEntity>) {}

  /** Opens the journal row in the caller's transaction (the one that claims what the write uses). */
  async open(manager: EntityManager, start: DirectoryWriteStart, now: Date): Promise<number> {
    const repository = manager.getRepository(DirectoryWriteEntity);
    const row = await repository.save(
      repository.create({
        accountId: start.accountId,
        ticketId: start.ticketId,
        operation: start.operation,
        reason: start.reason,
        actorType: start.actor.type,
        actorId: start.actor.id === undefined || start.actor.id === null ? null : String(start.actor.id),
        actorLabel: start.actor.label ?? null,
        status: 'pending',
        startedAt: now,
        finishedAt: null,
      }),
    );
    return row.id;
  }

  /** Closes a pending row with its outcome; false when the sweep already took it as unknown. */
  async close(manager: EntityManager, id: number, status: Exclude<DirectoryWriteStatus, 'pending'>, now: Date): Promise<boolean> {
    const result = await manager.getRepository(DirectoryWriteEntity).update({ id, status: 'pending' }, { status, finishedAt: now });
    return (result.affected ?? 0) > 0;
  }

  /** Rows still pending that started before `before`: their process died between the directory's answer and our record. */
  stalePending(before: Date, limit: number): Promise<DirectoryWriteEntity[]> {
    return this.writes.find({ where: { status: 'pending', startedAt: LessThan(before) }, order: { id: 'ASC' }, take: limit });
  }

  /** The newest write of an account (for the System page and tests). */
  latestOf(accountId: number): Promise<DirectoryWriteEntity | null> {
    return this.writes.findOne({ where: { accountId }, order: { id: 'DESC' } });
  }
}
