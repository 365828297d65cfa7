import { copyRow, InMemoryDb, Table, tableName } from './in-memory-db';

type Row = Record<string, unknown>;
type Order = Record<string, 'ASC' | 'DESC' | 'asc' | 'desc'>;
interface FindOptions {
  where?: unknown;
  order?: Order;
  take?: number;
  skip?: number;
}

/** Services and repositories that still build SQL cannot run in memory: the error names what to move. */
function notFaked(what: string): never {
  throw new Error(
    `${what} is SQL and is not faked in unit specs: give the query an intent-named repository method, fake that method, and cover the SQL in an e2e spec`,
  );
}

/** The subset of TypeORM's Repository that services and repositories call with plain `where` objects, over the in-memory tables. */
export class FakeEntityRepository<T extends object> {
  constructor(
    private readonly db: InMemoryDb,
    private readonly target: Table<T>,
  ) {}

  /** An instance of the entity class when the caller named the class, a plain row when a fake named the table. */
  create(values: Partial<T> = {}): T {
    return Object.assign(typeof this.target === 'string' ? ({} as T) : new (this.target as new () => T)(), values);
  }

  async find(options: FindOptions = {}): Promise<T[]> {
    let rows = this.db.select(this.target, options.where);
    if (options.order) rows = sortRows(rows, options.order);
    if (options.skip) rows = rows.slice(options.skip);
    if (options.take !== undefined) rows = rows.slice(0, options.take);
    return rows.map(copyRow);
  }

  findBy(where: unknown): Promise<T[]> {
    return this.find({ where });
  }

  async findOne(options: FindOptions): Promise<T | null> {
    return (await this.find({ ...options, take: 1 }))[0] ?? null;
  }

  findOneBy(where: unknown): Promise<T | null> {
    return this.findOne({ where });
  }

  async count(options: FindOptions = {}): Promise<number> {
    return this.db.select(this.target, options.where).length;
  }

  countBy(where: unknown): Promise<number> {
    return this.count({ where });
  }

  async existsBy(where: unknown): Promise<boolean> {
    return (await this.countBy(where)) > 0;
  }

  async update(where: unknown, changes: Partial<T>): Promise<{ affected: number; raw: unknown; generatedMaps: [] }> {
    const rows = this.db.select(this.target, typeof where === 'object' ? where : { id: where });
    for (const row of rows) Object.assign(row, changes);
    return { affected: rows.length, raw: { affectedRows: rows.length }, generatedMaps: [] };
  }

  async insert(values: Partial<T> | Array<Partial<T>>): Promise<{ identifiers: Array<{ id: unknown }> }> {
    const rows = (Array.isArray(values) ? values : [values]).map((value) => this.add(this.create(value)));
    return { identifiers: rows.map((row) => ({ id: (row as Row).id })) };
  }

  /** Inserts a row without an id (or an unknown one), updates the row with that id otherwise; fills the id in, as TypeORM does. */
  async save(value: T): Promise<T> {
    const id = (value as Row).id;
    const existing = id === undefined ? undefined : this.db.rows(this.target).find((row) => (row as Row).id === id);
    if (existing) Object.assign(existing, value);
    else this.add(value);
    return value;
  }

  async delete(where: unknown): Promise<{ affected: number; raw: unknown }> {
    const rows = this.db.rows(this.target);
    const doomed = new Set(this.db.select(this.target, where));
    const kept = rows.filter((row) => !doomed.has(row));
    rows.splice(0, rows.length, ...kept);
    return { affected: doomed.size, raw: {} };
  }

  createQueryBuilder(): never {
    return notFaked(`${tableName(this.target)}: createQueryBuilder()`);
  }

  query(): never {
    return notFaked(`${tableName(this.target)}: query()`);
  }

  private add(value: T): T {
    const row = value as Row;
    if (row.id === undefined || row.id === null) row.id = this.db.nextId(this.target);
    this.db.seed(this.target, copyRow(value));
    return value;
  }
}

/** TypeORM's EntityManager as the fakes see it: repositories over the in-memory tables, no SQL. */
export class FakeEntityManager {
  private readonly repositories = new Map<Table, FakeEntityRepository<object>>();

  constructor(
    private readonly db: InMemoryDb,
    readonly transactional: boolean,
  ) {}

  getRepository<T extends object>(target: Table<T>): FakeEntityRepository<T> {
    let repository = this.repositories.get(target);
    if (!repository) this.repositories.set(target, (repository = new FakeEntityRepository(this.db, target)));
    return repository as FakeEntityRepository<T>;
  }

  transaction<R>(run: (manager: FakeEntityManager) => Promise<R>): Promise<R> {
    return run(this);
  }

  createQueryBuilder(): never {
    return notFaked('EntityManager.createQueryBuilder()');
  }

  query(sql: string): never {
    return notFaked(`EntityManager.query("${sql.trim().split(/\s+/).slice(0, 4).join(' ')} …")`);
  }
}

/**
 * TypeORM's DataSource for unit specs. `transaction` runs the callback with
 * a manager over the in-memory tables and puts every table back when it
 * throws, as a rolled-back transaction would.
 */
export class FakeDataSource {
  readonly manager: FakeEntityManager;
  /** How many transactions committed and rolled back, for specs that care. */
  readonly transactions = { committed: 0, rolledBack: 0 };

  constructor(private readonly db: InMemoryDb) {
    this.manager = new FakeEntityManager(db, false);
  }

  getRepository<T extends object>(target: Table<T>): FakeEntityRepository<T> {
    return this.manager.getRepository(target);
  }

  async transaction<R>(...args: [(manager: FakeEntityManager) => Promise<R>] | [string, (manager: FakeEntityManager) => Promise<R>]) {
    const run = args.length === 1 ? args[0] : args[1];
    const restore = this.db.snapshot();
    try {
      const result = await run(new FakeEntityManager(this.db, true));
      this.transactions.committed += 1;
      return result;
    } catch (error) {
      restore();
      this.transactions.rolledBack += 1;
      throw error;
    }
  }

  query(sql: string): never {
    return this.manager.query(sql);
  }

  createQueryBuilder(): never {
    return notFaked('DataSource.createQueryBuilder()');
  }
}

function sortRows<T extends object>(rows: T[], order: Order): T[] {
  const keys = Object.entries(order);
  return [...rows].sort((a, b) => {
    for (const [key, direction] of keys) {
      const left = (a as Row)[key] as number | string | Date;
      const right = (b as Row)[key] as number | string | Date;
      if (left === right) continue;
      const ascending = (left instanceof Date ? left.getTime() : left) < (right instanceof Date ? right.getTime() : right) ? -1 : 1;
      return direction.toUpperCase() === 'DESC' ? -ascending : ascending;
    }
    return 0;
  });
}
