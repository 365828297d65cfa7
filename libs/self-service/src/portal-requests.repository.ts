import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThan, Repository } from 'typeorm';
import { PortalRequestEntity, PortalRequestKind } from './portal-request.entity';

@Injectable()
export class PortalRequestsRepository {
  constructor(@InjectRepository(PortalRequestEntity) private readonly requests: Repository<PortalRequestEntity>) {}

  async insert(kind: PortalRequestKind, requestId: string, payload: string, now: Date): Promise<void> {
    await this.requests.insert({ kind, requestId, payload, status: 'queued', createdAt: now, queuedAt: now, processedAt: null });
  }

  findQueued(kind: PortalRequestKind, requestId: string): Promise<PortalRequestEntity | null> {
    return this.requests.findOneBy({ kind, requestId, status: 'queued' });
  }

  /** With the caller's manager when the outcome (a code row) commits with it. */
  async markProcessed(id: number, now: Date, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(PortalRequestEntity) ?? this.requests).update(
      { id, status: 'queued' },
      { status: 'processed', processedAt: now },
    );
  }

  async findStaleQueued(cutoff: Date, limit: number): Promise<Array<Pick<PortalRequestEntity, 'id' | 'requestId' | 'kind'>>> {
    return this.requests.find({
      select: { id: true, requestId: true, kind: true },
      where: { status: 'queued', queuedAt: LessThan(cutoff) },
      order: { queuedAt: 'ASC' },
      take: limit,
    });
  }

  async touchQueuedAt(ids: number[], now: Date): Promise<void> {
    if (ids.length > 0) await this.requests.update({ id: In(ids), status: 'queued' }, { queuedAt: now });
  }

  /** Requests of this kind still unanswered after `cutoff` are given up: an answer that late would only confuse. */
  async expireCreatedBefore(kind: PortalRequestKind, cutoff: Date, now: Date): Promise<number> {
    const result = await this.requests.update(
      { kind, status: 'queued', createdAt: LessThan(cutoff) },
      { status: 'expired', processedAt: now },
    );
    return result.affected ?? 0;
  }

  /** Finished requests hold what was typed (encrypted) and nothing else of use: kept a day, then deleted in bounded batches. */
  async deleteFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await this.requests.query(
      "DELETE FROM portal_requests WHERE status <> 'queued' AND created_at < ? ORDER BY id LIMIT ?",
      [cutoff, limit],
    );
    return result.affectedRows ?? 0;
  }
}
