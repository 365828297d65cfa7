import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThan, Repository } from 'typeorm';
import { ForgotPasswordRequestEntity } from './forgot-password-request.entity';

@Injectable()
export class ForgotPasswordRequestsRepository {
  constructor(@InjectRepository(ForgotPasswordRequestEntity) private readonly requests: Repository<ForgotPasswordRequestEntity>) {}

  async insert(requestId: string, payload: string, now: Date): Promise<void> {
    await this.requests.insert({ requestId, payload, status: 'queued', createdAt: now, queuedAt: now, processedAt: null });
  }

  findQueued(requestId: string): Promise<ForgotPasswordRequestEntity | null> {
    return this.requests.findOneBy({ requestId, status: 'queued' });
  }

  /** With the caller's manager when the outcome (a code row) commits with it. */
  async markProcessed(id: number, now: Date, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(ForgotPasswordRequestEntity) ?? this.requests).update(
      { id, status: 'queued' },
      { status: 'processed', processedAt: now },
    );
  }

  async findStaleQueued(cutoff: Date, limit: number): Promise<Array<Pick<ForgotPasswordRequestEntity, 'id' | 'requestId'>>> {
    return this.requests.find({
      select: { id: true, requestId: true },
      where: { status: 'queued', queuedAt: LessThan(cutoff) },
      order: { queuedAt: 'ASC' },
      take: limit,
    });
  }

  async touchQueuedAt(ids: number[], now: Date): Promise<void> {
    if (ids.length > 0) await this.requests.update({ id: In(ids), status: 'queued' }, { queuedAt: now });
  }

  /** Requests still unanswered after `cutoff` are given up: a code that late would only confuse. */
  async expireCreatedBefore(cutoff: Date, now: Date): Promise<number> {
    const result = await this.requests.update({ status: 'queued', createdAt: LessThan(cutoff) }, { status: 'expired', processedAt: now });
    return result.affected ?? 0;
  }

  /** Finished requests hold typed addresses (encrypted) and nothing else of use: kept a day, then deleted in bounded batches. */
  async deleteFinishedBefore(cutoff: Date, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await this.requests.query(
      "DELETE FROM forgot_password_requests WHERE status <> 'queued' AND created_at < ? ORDER BY id LIMIT ?",
      [cutoff, limit],
    );
    return result.affectedRows ?? 0;
  }
}
