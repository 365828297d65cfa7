import { FindOperator } from 'typeorm';

/**
 * A table: an entity class or its name (`TicketEntity`), or a name for what is not an entity here
 * (audit events, outbox mails). Tables are kept by name, so the fakes need not import the entity classes.
 */
export type Table<T = object> = (abstract new () => T) | string;
type Row = Record<string, unknown>;

export function tableName(table: Table<unknown>): string {
  return typeof table === 'string' ? table : table.name;
}

/** A copy of a row that keeps its class (getters such as `totpEnabled` keep working). */
export function copyRow<T extends object>(row: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object) as T, row);
}

/**
 * The rows of one unit spec, table by table. Every fake reads and writes
 * here, so what one fake writes another reads, and a transaction that throws
 * leaves the tables as they were (see FakeDataSource).
 */
export class InMemoryDb {
  private readonly tables = new Map<string, Row[]>();
  private readonly lastIds = new Map<string, number>();

  rows<T extends object>(table: Table<T>): T[] {
    let rows = this.tables.get(tableName(table));
    if (!rows) this.tables.set(tableName(table), (rows = []));
    return rows as unknown as T[];
  }

  /** Adds rows as they are (ids included); returns them for the spec to keep. */
  seed<T extends object>(table: Table<T>, ...rows: T[]): T[] {
    for (const row of rows) {
      const id = (row as Row).id;
      if (typeof id === 'number') this.lastIds.set(tableName(table), Math.max(this.lastIds.get(tableName(table)) ?? 0, id));
      this.rows(table).push(row);
    }
    return rows;
  }

  /** The next auto-increment id of a table. */
  nextId(table: Table): number {
    const id = (this.lastIds.get(tableName(table)) ?? 0) + 1;
    this.lastIds.set(tableName(table), id);
    return id;
  }

  /** The rows matching a TypeORM-style `where` (an object or an array of objects, values or FindOperators). */
  select<T extends object>(table: Table<T>, where?: unknown): T[] {
    return this.rows(table).filter((row) => matches(row as Row, where));
  }

  snapshot(): () => void {
    const saved = new Map([...this.tables].map(([key, rows]) => [key, rows.map(copyRow)]));
    const ids = new Map(this.lastIds);
    return () => {
      this.tables.clear();
      for (const [key, rows] of saved) this.tables.set(key, rows);
      this.lastIds.clear();
      for (const [key, id] of ids) this.lastIds.set(key, id);
    };
  }
}

export function matches(row: Row, where: unknown): boolean {
  if (where === undefined || where === null) return true;
  if (Array.isArray(where)) return where.some((alternative) => matches(row, alternative));
  return Object.entries(where as Row).every(([key, expected]) => valueMatches(row[key], expected));
}

function valueMatches(actual: unknown, expected: unknown): boolean {
  if (expected instanceof FindOperator) {
    const operand = expected.value as unknown;
    switch (expected.type) {
      case 'isNull':
        return actual === null || actual === undefined;
      case 'not':
        return !valueMatches(actual, operand);
      case 'in':
        return (operand as unknown[]).some((candidate) => same(actual, candidate));
      case 'equal':
        return same(actual, operand);
      case 'moreThan':
        return actual !== null && comparable(actual) > comparable(operand);
      case 'moreThanOrEqual':
        return actual !== null && comparable(actual) >= comparable(operand);
      case 'lessThan':
        return actual !== null && comparable(actual) < comparable(operand);
      case 'lessThanOrEqual':
        return actual !== null && comparable(actual) <= comparable(operand);
      case 'and':
      case 'any':
      case 'arrayContainedBy':
      case 'arrayContains':
      case 'arrayOverlap':
      case 'between':
      case 'ilike':
      case 'jsonContains':
      case 'like':
      case 'or':
      case 'raw':
        throw new Error(`The in-memory database does not evaluate ${expected.type}(); extend test/unit/fakes/in-memory-db.ts`);
    }
  }
  return same(actual, expected);
}

function same(actual: unknown, expected: unknown): boolean {
  if (actual instanceof Date || expected instanceof Date) return comparable(actual) === comparable(expected);
  return actual === expected;
}

function comparable(value: unknown): number | string {
  return value instanceof Date ? value.getTime() : (value as number | string);
}
