import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { ChainedFields } from './canonical';

export interface ChainRow extends ChainedFields {
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}

export interface Seal {
  id: number;
  seq: number;
  prevHash: string;
  hash: string;
}

const COLUMNS = `id, seq, occurred_at AS occurredAt, actor_type AS actorType, actor_id AS actorId, actor_label AS actorLabel,
  action, target_type AS targetType, target_id AS targetId, ticket_id AS ticketId, account_id AS accountId, ip,
  user_agent AS userAgent, details, prev_hash AS prevHash, hash`;

/** mysql2 hands BIGINTs back as strings and MariaDB's JSON as text; normalise both. */
function toChainRow(raw: Record<string, unknown>): ChainRow {
  return {
    ...(raw as unknown as ChainRow),
    id: Number(raw.id),
    seq: raw.seq === null ? null : Number(raw.seq),
    ticketId: raw.ticketId === null ? null : Number(raw.ticketId),
    accountId: raw.accountId === null ? null : Number(raw.accountId),
    details: typeof raw.details === 'string' ? JSON.parse(raw.details) : raw.details,
  };
}

/** Plain SQL for sealing and verification: batched, keyset-paged, no entity overhead. */
@Injectable()
export class AuditChainRepository {
  constructor(private readonly dataSource: DataSource) {}

  async head(runner: QueryRunner): Promise<{ seq: number; hash: string } | null> {
    const rows: Array<{ seq: string; hash: string }> = await runner.query(
      'SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
    );
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  /** Committed, unsealed events in id order. */
  async unsealed(runner: QueryRunner, limit: number): Promise<ChainRow[]> {
    const rows: Array<Record<string, unknown>> = await runner.query(
      `SELECT ${COLUMNS} FROM audit_events WHERE seq IS NULL ORDER BY id LIMIT ${Number(limit)}`,
    );
    return rows.map(toChainRow);
  }

  /** Writes a batch of seals in one UPDATE (CASE per column); only rows still unsealed are touched. */
  async applySeals(runner: QueryRunner, seals: Seal[], sealedAt: Date): Promise<number> {
    if (seals.length === 0) return 0;
    const whenThen = seals.map(() => 'WHEN ? THEN ?').join(' ');
    const params = (column: keyof Seal) => seals.flatMap((seal) => [seal.id, seal[column]]);
    const result: { affectedRows?: number } = await runner.query(
      `UPDATE audit_events
          SET seq = CASE id ${whenThen} END,
              prev_hash = CASE id ${whenThen} END,
              hash = CASE id ${whenThen} END,
              sealed_at = ?
        WHERE seq IS NULL AND id IN (${seals.map(() => '?').join(',')})`,
      [...params('seq'), ...params('prevHash'), ...params('hash'), sealedAt, ...seals.map((seal) => seal.id)],
    );
    return result.affectedRows ?? 0;
  }

  /** Sealed events after `afterSeq`, in chain order; the verifier pages through with it. */
  async sealedAfter(afterSeq: number, limit: number): Promise<ChainRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ${Number(limit)}`,
      [afterSeq],
    );
    return rows.map(toChainRow);
  }

  async countUnsealed(): Promise<number> {
    const rows: Array<{ n: string }> = await this.dataSource.query('SELECT COUNT(*) AS n FROM audit_events WHERE seq IS NULL');
    return Number(rows[0]?.n ?? 0);
  }

  /** Age in ms of the oldest unsealed event (0 when all are sealed). */
  async oldestUnsealedAt(): Promise<Date | null> {
    const rows: Array<{ at: Date | null }> = await this.dataSource.query('SELECT MIN(occurred_at) AS at FROM audit_events WHERE seq IS NULL');
    return rows[0]?.at ?? null;
  }
}
