import { canonicalKey, dataSourceOptions, parseConfig } from '@resetdesk/core';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * `canonicalKey` must give one key to every pair of names the database
 * compares as equal, or a look-alike name gets its own rate-limit count. The
 * database is the judge: these tests ask it, through a table whose column has
 * the collation of accounts.username, which characters and names are equal.
 */
describe('canonicalKey against the database collation', () => {
  let dataSource: DataSource;
  let runner: QueryRunner;
  let collation: string;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(parseConfig(process.env).database));
    await dataSource.initialize();
    runner = dataSource.createQueryRunner();
    const columns: Array<{ name: string; collation: string }> = await runner.query(
      "SELECT column_name AS name, collation_name AS collation FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'accounts' AND column_name IN ('username', 'email')",
    );
    expect(columns.map((column) => column.collation)).toEqual(['utf8mb4_unicode_ci', 'utf8mb4_unicode_ci']);
    collation = columns[0]!.collation;
    // Some groups are large (every character beyond the BMP is one): keep their member lists whole.
    await runner.query('SET SESSION group_concat_max_len = 1048576');
    await runner.query(
      `CREATE TEMPORARY TABLE look_alikes (id INT NOT NULL PRIMARY KEY, a VARCHAR(64) COLLATE ${collation} NOT NULL, b VARCHAR(64) COLLATE ${collation} NOT NULL)`,
    );
  });

  afterAll(async () => {
    await runner?.query('DROP TEMPORARY TABLE IF EXISTS look_alikes');
    await runner?.release();
    await dataSource?.destroy();
  });

  /** Fills the table with the pairs, numbered from 0. */
  async function fill(pairs: Array<[string, string]>): Promise<void> {
    await runner.query('DELETE FROM look_alikes');
    for (let start = 0; start < pairs.length; start += 2000) {
      const chunk = pairs.slice(start, start + 2000);
      await runner.query(
        `INSERT INTO look_alikes (id, a, b) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        chunk.flatMap(([a, b], index) => [start + index, a, b]),
      );
    }
  }

  /** Which of the pairs the database calls equal. */
  async function databaseEquals(pairs: Array<[string, string]>): Promise<boolean[]> {
    await fill(pairs);
    const rows: Array<{ id: number; equal: number | string }> = await runner.query(
      'SELECT id, a = b AS equal FROM look_alikes ORDER BY id',
    );
    return rows.map((row) => Number(row.equal) === 1);
  }

  it('gives one key to every character the collation treats as the same, in the scripts names are written in', async () => {
    // Latin, Greek, Cyrillic and their extensions, modifier letters and marks, general punctuation (zero-width and
    // other spaces), letterlike and number forms, circled numbers, Latin ligatures, fullwidth ASCII, every decimal
    // digit of the BMP, mathematical alphanumerics and a few emoji (beyond the BMP).
    const ranges = [
      [0x0000, 0x052f],
      [0x1d00, 0x1dbf],
      [0x1e00, 0x1fff],
      [0x2000, 0x206f],
      [0x2070, 0x218f],
      [0x2460, 0x24e9],
      [0xfb00, 0xfb06],
      [0xff01, 0xff5e],
      [0x1d400, 0x1d7ff],
      [0x1f600, 0x1f64f],
    ];
    const characters: string[] = [];
    for (const [from, to] of ranges)
      for (let codePoint = from!; codePoint <= to!; codePoint++) characters.push(String.fromCodePoint(codePoint));
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++)
      if (/\p{Nd}/u.test(String.fromCharCode(codePoint))) characters.push(String.fromCharCode(codePoint));
    // Only what a name can be made of, and U+037A (GREEK YPOGEGRAMMENI), which weighs as ι on its own but not under a letter.
    const nameCharacters = [...new Set(characters)].filter(
      (character) => /[\p{L}\p{Nd}\p{M}\p{Cc}\p{Cf}\p{Z}]/u.test(character) && character !== '\u037a',
    );
    expect(nameCharacters.length).toBeGreaterThan(3000);

    // Ask the database to group the characters it finds equal (each inside a name): every group must share one key.
    await fill(nameCharacters.map((character) => [`x${character}y`, '']));
    const groups: Array<{ ids: string }> = await runner.query('SELECT GROUP_CONCAT(id) AS ids FROM look_alikes GROUP BY a');
    const split = groups
      .map((group) => group.ids.split(',').map((id) => nameCharacters[Number(id)]!))
      .filter((members) => new Set(members.map(canonicalKey)).size > 1)
      .map((members) => members.map(named).join(' '));
    expect(split).toEqual([]);
    // Folding more than the database (digits of scripts newer than UCA 4.0.0, й with и) only shares a limit;
    // what names are mostly made of keeps a key each.
    const plain = [...'abcdefghijklmnopqrstuvwxyz0123456789._@+-', 'ø', 'ł', 'đ', 'æ', 'þ', 'о', 'ж', 'λ'];
    expect(new Set(plain.map(canonicalKey)).size).toBe(plain.length);
  });

  it('agrees with the database on the look-alike names that bypassed the limits, and on names that differ', async () => {
    const same: Array<[string, string]> = [
      ['bob', 'bób'],
      ['bob', 'ｂｏｂ'],
      ['bob', 'BÓB'],
      ['bob', 'Bob'],
      ['bob', 'bo\u0301b'],
      ['timing12@example.com', 'tíming12@example.com'],
      ['timing12@example.com', 'TIMING12@EXAMPLE.COM'],
      ['timing12@example.com', 'ｔｉｍｉｎｇ１２@example.com'],
      ['strasse', 'Straße'],
      ['fine', 'ﬁne'],
      ['džemal', 'ǆemal'],
      ['ana1', 'ana١'],
      ['ana1', 'ana¹'],
      ['bob', 'b\u200bob'],
      ['bob', 'b\u0000ob'],
      ['bob', 'bob '],
      ['σοφία', 'ΣΟΦΊΑ'],
      ['𝐛𝐨𝐛', '𝐜𝐚𝐭'],
    ];
    const different: Array<[string, string]> = [
      ['bob', 'bab'],
      ['oslo', 'øslo'],
      ['lodz', 'łodz'],
      ['dan', 'đan'],
      ['aeon', 'æon'],
      ['bob', '𝐛𝐨𝐛'],
      ['b.ob', 'bob'],
      ['b-ob', 'bob'],
      ['bob', 'bоb'], // Cyrillic о: a homoglyph, but another letter to the database too
    ];
    const answers = await databaseEquals([...same, ...different]);
    expect(answers).toEqual([...same.map(() => true), ...different.map(() => false)]);
    expect(same.filter(([a, b]) => canonicalKey(a) !== canonicalKey(b))).toEqual([]);
    expect(different.filter(([a, b]) => canonicalKey(a) === canonicalKey(b))).toEqual([]);
  });
});

function named(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${JSON.stringify(character)} → ${JSON.stringify(canonicalKey(character))}`;
}
