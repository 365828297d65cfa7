import { escapeFilterValue, fileTimeToDate, FILETIME_NEVER, guidToString, normalizeDn, parseGeneralizedTime } from './directory-entry';

describe('directory entry values', () => {
  it('writes an objectGUID in the canonical form: the first three groups little-endian, lowercase', () => {
    // The bytes AD sends for {01234567-89ab-cdef-0123-456789abcdef}.
    const wire = Buffer.from('67452301ab89efcd0123456789abcdef', 'hex');
    expect(guidToString(wire)).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(() => guidToString(Buffer.alloc(15))).toThrow('objectGUID must be 16 bytes (got 15)');
  });

  it('reads GeneralizedTime with seconds, fractions and offsets, and refuses anything else', () => {
    expect(parseGeneralizedTime('20261201121314Z')).toEqual(new Date('2026-12-01T12:13:14.000Z'));
    expect(parseGeneralizedTime('20261201121314.5Z')).toEqual(new Date('2026-12-01T12:13:14.500Z'));
    expect(parseGeneralizedTime('20261201141314+0200')).toEqual(new Date('2026-12-01T12:13:14.000Z'));
    expect(parseGeneralizedTime('000001010000Z')).toBeNull();
    expect(parseGeneralizedTime('yesterday')).toBeNull();
    expect(parseGeneralizedTime(null)).toBeNull();
  });

  it('turns FILETIME into a date; 0 and the largest value mean no date', () => {
    // 2026-12-01T00:00:00Z = (1796083200000 ms + 11644473600000 ms) × 10,000.
    expect(fileTimeToDate(134_405_568_000_000_000n)).toEqual(new Date('2026-12-01T00:00:00.000Z'));
    expect(fileTimeToDate(0n)).toBeNull();
    expect(fileTimeToDate(FILETIME_NEVER)).toBeNull();
  });

  it('compares DNs without case or spaces around separators, and escapes filter values', () => {
    expect(normalizeDn('UID=Dana, OU=People , DC=Example,DC=org')).toBe('uid=dana,ou=people,dc=example,dc=org');
    expect(escapeFilterValue('CN=Admins (EU)*,DC=x\\y')).toBe('CN=Admins \\28EU\\29\\2a,DC=x\\5cy');
  });
});
