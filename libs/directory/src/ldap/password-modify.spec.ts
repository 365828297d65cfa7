import { berLength, passwordModifyValue } from './password-modify';

describe(passwordModifyValue.name, () => {
  it('encodes a reset as SEQUENCE { [0] userIdentity, [2] newPasswd } (RFC 3062)', () => {
    // 30 0e                     SEQUENCE, 14 bytes
    //    80 05 75 69 64 3d 61   [0] "uid=a"
    //    82 05 4e 65 77 2d 31   [2] "New-1"
    const expected = Buffer.from([0x30, 0x0e, 0x80, 0x05, 0x75, 0x69, 0x64, 0x3d, 0x61, 0x82, 0x05, 0x4e, 0x65, 0x77, 0x2d, 0x31]);
    expect(passwordModifyValue({ userIdentity: 'uid=a', newPasswd: 'New-1' })).toEqual(expected);
  });

  it("encodes the holder's change as SEQUENCE { [1] oldPasswd, [2] newPasswd } without an identity", () => {
    // 30 08   81 02 6f 6c ("ol")   82 02 6e 77 ("nw")
    expect(passwordModifyValue({ oldPasswd: 'ol', newPasswd: 'nw' })).toEqual(
      Buffer.from([0x30, 0x08, 0x81, 0x02, 0x6f, 0x6c, 0x82, 0x02, 0x6e, 0x77]),
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    // "é" is c3 a9: [2] with length 2.
    expect(passwordModifyValue({ newPasswd: 'é' })).toEqual(Buffer.from([0x30, 0x04, 0x82, 0x02, 0xc3, 0xa9]));
  });

  it('uses the long length form from 128 bytes on', () => {
    expect(berLength(127)).toEqual(Buffer.from([0x7f]));
    expect(berLength(128)).toEqual(Buffer.from([0x81, 0x80]));
    expect(berLength(300)).toEqual(Buffer.from([0x82, 0x01, 0x2c]));
    const dn = `uid=${'x'.repeat(197)},ou=people,dc=example,dc=org`; // 4 + 197 + 28 = 229 bytes
    const value = passwordModifyValue({ userIdentity: dn, newPasswd: 'p' });
    // 30 81 eb | 80 81 e5 <229 bytes> | 82 01 70: the sequence holds 3 + 229 + 3 = 235 (0xeb) bytes
    expect(value.subarray(0, 3)).toEqual(Buffer.from([0x30, 0x81, 235]));
    expect(value.subarray(3, 6)).toEqual(Buffer.from([0x80, 0x81, 229]));
    expect(value.subarray(6 + 229)).toEqual(Buffer.from([0x82, 0x01, 0x70]));
    expect(value.length).toBe(3 + 235);
  });
});
