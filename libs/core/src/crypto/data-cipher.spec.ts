import { DataCipher } from './data-cipher';

describe(DataCipher.name, () => {
  const sut = new DataCipher({ dataKey: Buffer.alloc(32, 3) });

  it('round-trips JSON without leaving the plaintext visible', () => {
    const sealed = sut.encryptJson({ code: '123456' });
    expect(sealed).not.toContain('123456');
    expect(sut.decryptJson(sealed)).toEqual({ code: '123456' });
  });

  it('uses a fresh IV for every value', () => {
    expect(sut.encrypt('same')).not.toBe(sut.encrypt('same'));
  });

  it('refuses a tampered value', () => {
    const sealed = sut.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => sut.decrypt(parts.join('.'))).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const other = new DataCipher({ dataKey: Buffer.alloc(32, 4) });
    expect(() => sut.decrypt(other.encrypt('secret'))).toThrow();
  });
});
