import { canonicalKey } from './canonical-key';

describe(canonicalKey.name, () => {
  it.each(['bob', 'Bob', 'BOB', 'bób', 'BÓB', 'bo\u0301b', 'ｂｏｂ', 'b\u200bob', ' bob '])('folds %j to bob', (name) => {
    expect(canonicalKey(name)).toBe('bob');
  });

  it('folds case fully, ligatures and digits of other scripts', () => {
    expect(canonicalKey('Straße')).toBe('strasse');
    expect(canonicalKey('ﬁne')).toBe('fine');
    expect(canonicalKey('ΣΟΦΊΑ')).toBe(canonicalKey('σοφία'));
    expect(canonicalKey('ana١²')).toBe('ana12');
    expect(canonicalKey('Tíming12@Example.COM')).toBe('timing12@example.com');
  });

  it('keeps letters apart that are letters of their own, and homoglyphs from other scripts', () => {
    const names = ['oslo', 'øslo', 'lodz', 'łodz', 'dan', 'đan', 'bob', 'bоb' /* Cyrillic о */, 'b.ob'];
    expect(new Set(names.map(canonicalKey)).size).toBe(names.length);
  });

  it('gives every character beyond the BMP one weight, as the collation does', () => {
    expect(canonicalKey('𝐛𝐨𝐛')).toBe(canonicalKey('😀😀😀'));
    expect(canonicalKey('𝐛𝐨𝐛')).not.toBe('bob');
  });
});
