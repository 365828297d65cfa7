import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
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

/** NOWAIT found the row locked: MariaDB answers a lock wait timeout, MySQL 8 its own code. */
function isLockBusy(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string }).code;
  return code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'ER_LOCK_NOWAIT';
}

/** Plain SQL for sealing and verification: batched, keyset-paged, no entity overhead. */
@Injectable()
export class AuditChainRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A connection of the sealer's own: its transactions live on it. */
  async connect(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return runner;
  }

  /**
   * Locks the chain-head row in the runner's transaction without waiting; false when another sealer on this node
   * holds it. A sealer on another cluster node is not seen here: moveHead's write is what conflicts with it at
   * commit. The row is put back when missing (an emptied table): its columns mirror the chain, the lock is what counts.
   */
  async lockHead(runner: QueryRunner): Promise<boolean> {
    try {
      const rows: unknown[] = await runner.query('SELECT seq FROM audit_chain_head WHERE id = 1 FOR UPDATE NOWAIT');
      if (rows.length > 0) return true;
      await runner.query('INSERT IGNORE INTO audit_chain_head (id, seq) VALUES (1, 0)');
      return (await runner.query('SELECT seq FROM audit_chain_head WHERE id = 1 FOR UPDATE NOWAIT')).length > 0;
    } catch (error) {
      if (isLockBusy(error)) return false;
      throw error;
    }
  }

  /** Records the new head in the locked row, in the transaction of the seals that made it. */
  async moveHead(runner: QueryRunner, head: Seal, sealedAt: Date): Promise<void> {
    await runner.query('UPDATE audit_chain_head SET seq = ?, hash = ?, sealed_at = ? WHERE id = 1', [head.seq, head.hash, sealedAt]);
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
