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

const COLUMNS = `e.id, e.seq, e.occurred_at AS occurredAt, e.actor_type AS actorType, e.actor_id AS actorId,
  e.actor_label AS actorLabel, e.action, e.target_type AS targetType, e.target_id AS targetId, e.ticket_id AS ticketId,
  e.account_id AS accountId, e.ip, e.user_agent AS userAgent, e.details, e.prev_hash AS prevHash, e.hash`;

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

  /** A connection of the sealer's own: its named lock and its transactions live on it. */
  async connect(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }

  /**
   * Takes the sealer's named lock on this connection without waiting; false
   * when another sealer holds it. Per database, so test databases on one
   * server do not share it.
   */
  async tryLockSealer(runner: QueryRunner): Promise<boolean> {
    const [{ got }] = await runner.query("SELECT GET_LOCK(CONCAT('resetdesk-audit-sealer:', DATABASE()), 0) AS got");
    return Number(got) === 1;
  }

  async unlockSealer(runner: QueryRunner): Promise<void> {
    await runner.query("SELECT RELEASE_LOCK(CONCAT('resetdesk-audit-sealer:', DATABASE()))");
  }

  async head(runner: QueryRunner): Promise<{ seq: number; hash: string } | null> {
    const rows: Array<{ seq: string; hash: string }> = await runner.query(
      'SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
    );
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null;
  }

  /**
   * Committed, unsealed events in id order. The ids come from the (seq, id)
   * index first: asked for whole rows at once, the optimizer walks the primary
   * key past every sealed event, which crawls once a backlog builds up.
   */
  async unsealed(runner: QueryRunner, limit: number): Promise<ChainRow[]> {
    const rows: Array<Record<string, unknown>> = await runner.query(
      `SELECT ${COLUMNS} FROM audit_events e
         JOIN (SELECT id FROM audit_events WHERE seq IS NULL ORDER BY id LIMIT ${Number(limit)}) pending ON pending.id = e.id
        ORDER BY e.id`,
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
      `SELECT ${COLUMNS} FROM audit_events e WHERE e.seq > ? ORDER BY e.seq LIMIT ${Number(limit)}`,
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
    const rows: Array<{ at: Date | null }> = await this.dataSource.query(
      'SELECT MIN(occurred_at) AS at FROM audit_events WHERE seq IS NULL',
    );
    return rows[0]?.at ?? null;
  }
}
