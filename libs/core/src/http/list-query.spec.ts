import { RequestException } from './domain.exception';
import { Filters, ListSpec, parseListQuery } from './list-query';
import { Page } from './page';

interface WidgetFilter {
  status: 'on' | 'off';
  id: number[];
  q: string;
  from: Date;
}

const spec: ListSpec<WidgetFilter> = {
  resource: 'widgets',
  sortable: ['id', 'createdAt'],
  defaultSort: { field: 'id', order: 'DESC' },
  filters: { status: Filters.oneOf(['on', 'off'] as const), id: Filters.ids(), q: Filters.text(), from: Filters.dateTime() },
};

describe(parseListQuery.name, () => {
  it('uses the default sort and first page when nothing is given', () => {
    expect(parseListQuery(spec, {})).toEqual({ filter: {}, sort: { field: 'id', order: 'DESC' }, skip: 0, take: 25 });
  });

  it('reads filter, range and sort the way ra-data-simple-rest sends them', () => {
    const query = parseListQuery(spec, {
      filter: '{"status":"on","id":[3,"4"],"q":" hello ","from":"2026-01-02"}',
      range: '[10,19]',
      sort: '["createdAt","asc"]',
    });
    expect(query).toEqual({
      filter: { status: 'on', id: [3, 4], q: 'hello', from: new Date('2026-01-02') },
      sort: { field: 'createdAt', order: 'ASC' },
      skip: 10,
      take: 10,
    });
  });

  it.each([
    [{ filter: '{bad' }, /filter is not valid JSON/],
    [{ filter: '[1]' }, /filter must be a JSON object/],
    [{ filter: '{"colour":"red"}' }, /Unknown filter "colour"/],
    [{ filter: '{"status":"maybe"}' }, /filter status must be one of on, off/],
    [{ filter: '{"id":[0]}' }, /filter id must be an id/],
    [{ filter: '{"from":"yesterday"}' }, /filter from must be an ISO date/],
    [{ range: '[5,1]' }, /range end must not be before its start/],
    [{ range: '[0,10000]' }, /range may cover at most 500 rows/],
    [{ range: '[-1,3]' }, /range must be a JSON array of two whole numbers/],
    [{ sort: '["password","ASC"]' }, /Cannot sort by "password"/],
    [{ sort: '["id","SIDEWAYS"]' }, /sort order must be ASC or DESC/],
    [{ sort: ['["id","ASC"]', '["id","ASC"]'] }, /sort must be given once/],
    [{ page: '2' }, /Unknown query parameter "page"/],
  ])('refuses %j with a message naming the problem', (query, message) => {
    expect(() => parseListQuery(spec, query)).toThrow(RequestException);
    expect(() => parseListQuery(spec, query)).toThrow(message);
  });
});

describe(Page.name, () => {
  it('describes the rows it holds in Content-Range', () => {
    expect(new Page('widgets', [1, 2, 3], 42, 10).contentRange).toBe('widgets 10-12/42');
    expect(new Page('widgets', [], 0, 0).contentRange).toBe('widgets */0');
  });
});
