import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StatsRange } from './stats-range';
import { Row, StatsRows } from './stats.figures';
import { statsQueries } from './stats.queries';

/** Runs the dashboard's aggregates (stats.queries.ts); read-only. */
@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every figure's rows for the range and the upcoming-expiry window. */
  async aggregates(range: StatsRange, upcoming: StatsRange): Promise<StatsRows> {
    // Independent aggregates: run side by side on the pool.
    const queries = Object.entries(statsQueries(range, upcoming));
    const results = await Promise.all(queries.map(([, { sql, params }]) => this.dataSource.query<Row[]>(sql, params)));
    return Object.fromEntries(queries.map(([name], index) => [name, results[index]])) as StatsRows;
  }
}
