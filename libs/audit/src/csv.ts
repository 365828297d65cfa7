import { stringify, Stringifier } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheet formula injection: a cell that starts with = + - @ (or a tab or
 * carriage return) is prefixed with an apostrophe so Excel and LibreOffice
 * show it as text instead of running it.
 */
export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV (CRLF, quotes doubled, fields quoted when needed), every cell formula-safe. */
export function csvStream(columns: string[]): Stringifier {
  return stringify({
    header: true,
    columns,
    record_delimiter: 'windows',
    // Any line break inside a cell must be quoted, not only the CRLF used between records.
    quoted_match: /[\r\n]/,
    cast: {
      string: (value) => escapeFormula(value),
      number: (value) => String(value),
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
      object: (value) => escapeFormula(JSON.stringify(value)),
    },
  });
}
