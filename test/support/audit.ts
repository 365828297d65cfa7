import { AUDIT_APPEND_ONLY_TRIGGERS, AUDIT_TRIGGER_NAMES } from '@resetdesk/core';
import { DataSource } from 'typeorm';

/** Writes `count` unsealed audit events in one multi-row INSERT (fixtures only; the app uses AuditRecorder). */
export async function insertRawEvents(dataSource: DataSource, count: number, action = 'test.fixture'): Promise<void> {
  const now = new Date();
  for (let offset = 0; offset < count; offset += 500) {
    const rows = Array.from({ length: Math.min(500, count - offset) }, (_, i) => [
      new Date(now.getTime() + offset + i),
      'system',
      action,
      JSON.stringify({ n: offset + i }),
    ]);
    await dataSource.query(
      `INSERT INTO audit_events (occurred_at, actor_type, action, details) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(',')}`,
      rows.flat(),
    );
  }
}

/** What a database administrator could do: drop the append-only triggers to tamper. */
export async function dropAppendOnlyTriggers(dataSource: DataSource): Promise<void> {
  for (const name of AUDIT_TRIGGER_NAMES) await dataSource.query(`DROP TRIGGER IF EXISTS ${name}`);
}

export async function restoreAppendOnlyTriggers(dataSource: DataSource): Promise<void> {
  await dropAppendOnlyTriggers(dataSource);
  for (const trigger of AUDIT_APPEND_ONLY_TRIGGERS) await dataSource.query(trigger);
}

export async function sequenceNumbers(dataSource: DataSource): Promise<number[]> {
  const rows: Array<{ seq: string }> = await dataSource.query('SELECT seq FROM audit_events WHERE seq IS NOT NULL ORDER BY seq');
  return rows.map((row) => Number(row.seq));
}
