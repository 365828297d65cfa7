import { BerWriter } from 'ldapts';
import { POLICY_HINTS_DEPRECATED_OID, POLICY_HINTS_OID, PolicyHintsControl } from './policy-hints.control';

function encoded(control: PolicyHintsControl): string {
  const writer = new BerWriter();
  control.write(writer);
  return writer.buffer.toString('hex');
}

describe(PolicyHintsControl.name, () => {
  it('encodes LDAP_SERVER_POLICY_HINTS_OID, not critical, with the value SEQUENCE { INTEGER 1 } in an OCTET STRING', () => {
    const oid = Buffer.from(POLICY_HINTS_OID).toString('hex');
    // Control ::= SEQUENCE { controlType OCTET STRING, criticality BOOLEAN, controlValue OCTET STRING }
    expect(encoded(new PolicyHintsControl())).toBe(`3023` + `0417${oid}` + `010100` + `0405` + `3003020101`);
  });

  it('can carry the deprecated OID and be critical (to probe a server)', () => {
    const control = new PolicyHintsControl(POLICY_HINTS_DEPRECATED_OID, { critical: true });
    expect(control.type).toBe('1.2.840.113556.1.4.2066');
    expect(encoded(control)).toBe(
      `3023` + `0417${Buffer.from(POLICY_HINTS_DEPRECATED_OID).toString('hex')}` + `0101ff` + `0405` + `3003020101`,
    );
  });
});
