import { csvStream, escapeFormula } from './csv';

async function render(columns: string[], rows: Array<Record<string, unknown>>): Promise<string> {
  const stream = csvStream(columns);
  let out = '';
  stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise((resolve) => stream.on('end', resolve));
  for (const row of rows) stream.write(row);
  stream.end();
  await done;
  return out;
}

describe('CSV export', () => {
  it.each(['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd'])('escapes a cell starting like a formula: %j', (cell) => {
    expect(escapeFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves ordinary text alone', () => {
    expect(escapeFormula('auth.sign_in.succeeded')).toBe('auth.sign_in.succeeded');
  });

  it('writes RFC 4180: header, CRLF, quoted fields with doubled quotes', async () => {
    const csv = await render(
      ['a', 'b', 'c'],
      [
        { a: 'x,y', b: 'say "hi"', c: 'line1\nline2' },
        { a: 1, b: null, c: { k: '=1' } },
      ],
    );
    expect(csv).toBe('a,b,c\r\n"x,y","say ""hi""","line1\nline2"\r\n1,,"{""k"":""=1""}"\r\n');
  });

  it('escapes formulas hidden in JSON and string cells', async () => {
    const csv = await render(['details'], [{ details: '=HYPERLINK("http://evil","x")' }]);
    expect(csv).toBe('details\r\n"\'=HYPERLINK(""http://evil"",""x"")"\r\n');
  });
});
