import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RequestErrorCode, RequestException } from './domain.exception';

/**
 * The `ra-data-simple-rest` list contract:
 * `?filter={"status":"failed"}&range=[0,24]&sort=["createdAt","DESC"]`.
 * Filters and sort fields are whitelisted per resource; anything else is a 400 naming it.
 */
export interface ListQuery<F> {
  filter: Partial<F>;
  sort: { field: string; order: 'ASC' | 'DESC' };
  skip: number;
  take: number;
}

export type FilterParser<T> = (value: unknown, name: string) => T;

export interface ListSpec<F> {
  resource: string;
  sortable: readonly string[];
  defaultSort: { field: string; order: 'ASC' | 'DESC' };
  filters: { [K in keyof F]-?: FilterParser<F[K]> };
  /** Query parameters a route reads besides the list's own (e.g. an export's `tz`), validated by that route. */
  extraParams?: readonly string[];
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 500;
const LIST_PARAMS = ['filter', 'range', 'sort'];

function invalid(message: string): RequestException {
  return new RequestException(RequestErrorCode.InvalidQuery, message);
}

export function parseListQuery<F>(spec: ListSpec<F>, query: Record<string, unknown>): ListQuery<F> {
  const allowed = [...LIST_PARAMS, ...(spec.extraParams ?? [])];
  const unknown = Object.keys(query).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw invalid(`Unknown query parameter "${unknown[0]}" (allowed: ${allowed.join(', ')})`);
  return {
    filter: parseFilter(spec, query.filter),
    sort: parseSort(spec, query.sort),
    ...parseRange(query.range),
  };
}

function parseJsonParam(name: string, raw: unknown, shape: string): unknown {
  if (typeof raw !== 'string') throw invalid(`${name} must be given once, as JSON ${shape}`);
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid(`${name} is not valid JSON; expected ${shape}`);
  }
}

function parseFilter<F>(spec: ListSpec<F>, raw: unknown): Partial<F> {
  if (raw === undefined) return {};
  const parsed = parseJsonParam('filter', raw, 'object such as {"status":"failed"}');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('filter must be a JSON object such as {"status":"failed"}');
  }
  const parsers = spec.filters as Record<string, FilterParser<unknown>>;
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const parser = parsers[name];
    if (!parser) throw invalid(`Unknown filter "${name}" (allowed: ${Object.keys(parsers).join(', ')})`);
    if (value === null || value === '') continue;
    result[name] = parser(value, name);
  }
  return result as Partial<F>;
}

function parseSort<F>(spec: ListSpec<F>, raw: unknown): ListQuery<F>['sort'] {
  if (raw === undefined) return spec.defaultSort;
  const parsed = parseJsonParam('sort', raw, 'array such as ["createdAt","DESC"]');
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw invalid('sort must be a JSON array such as ["createdAt","DESC"]');
  }
  const [field, order] = parsed as [string, string];
  if (!spec.sortable.includes(field)) throw invalid(`Cannot sort by "${field}" (allowed: ${spec.sortable.join(', ')})`);
  const upper = order.toUpperCase();
  if (upper !== 'ASC' && upper !== 'DESC') throw invalid(`sort order must be ASC or DESC (got "${order}")`);
  return { field, order: upper };
}

function parseRange(raw: unknown): { skip: number; take: number } {
  if (raw === undefined) return { skip: 0, take: DEFAULT_PAGE_SIZE };
  const parsed = parseJsonParam('range', raw, 'array such as [0,24]');
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw invalid('range must be a JSON array of two whole numbers such as [0,24]');
  }
  const [start, end] = parsed as [number, number];
  if (end < start) throw invalid('range end must not be before its start');
  if (end - start + 1 > MAX_PAGE_SIZE) throw invalid(`range may cover at most ${MAX_PAGE_SIZE} rows`);
  return { skip: start, take: end - start + 1 };
}

/** Parses the list query of the current request against a resource's spec. */
export const ListQueryParam = createParamDecorator((spec: ListSpec<unknown>, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<Request>();
  return parseListQuery(spec, request.query as Record<string, unknown>);
});

/** Filter value parsers shared by every list. */
export const Filters = {
  oneOf<const T extends readonly string[]>(values: T): FilterParser<T[number]> {
    return (value, name) => {
      if (typeof value !== 'string' || !values.includes(value)) {
        throw invalid(`filter ${name} must be one of ${values.join(', ')}`);
      }
      return value as T[number];
    };
  },
  text(maxLength = 200): FilterParser<string> {
    return (value, name) => {
      if (typeof value !== 'string' || value.length > maxLength) {
        throw invalid(`filter ${name} must be text of at most ${maxLength} characters`);
      }
      return value.trim();
    };
  },
  ids(): FilterParser<number[]> {
    return (value, name) => {
      const list = Array.isArray(value) ? value : [value];
      const ids = list.map((item) => (typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item));
      if (ids.length === 0 || ids.length > MAX_PAGE_SIZE || !ids.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) {
        throw invalid(`filter ${name} must be an id or a list of at most ${MAX_PAGE_SIZE} ids`);
      }
      return ids as number[];
    };
  },
  /** A whole number in [min, max]; the message names the unit (e.g. "days"). */
  int(min: number, max: number, unit = ''): FilterParser<number> {
    return (value, name) => {
      const parsed = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
        throw invalid(`filter ${name} must be a whole number${unit ? ` of ${unit}` : ''} between ${min} and ${max}`);
      }
      return parsed;
    };
  },
  bool(): FilterParser<boolean> {
    return (value, name) => {
      if (typeof value !== 'boolean') throw invalid(`filter ${name} must be true or false`);
      return value;
    };
  },
  dateTime(): FilterParser<Date> {
    return (value, name) => {
      const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) throw invalid(`filter ${name} must be an ISO date such as 2026-01-31`);
      return date;
    };
  },
};
