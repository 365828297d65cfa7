import { BerWriter, Control } from 'ldapts';

/** LDAP_SERVER_POLICY_HINTS_OID (Windows Server 2012 and later). */
export const POLICY_HINTS_OID = '1.2.840.113556.1.4.2239';
/** LDAP_SERVER_POLICY_HINTS_DEPRECATED_OID (Windows Server 2008 R2 with KB2386717). */
export const POLICY_HINTS_DEPRECATED_OID = '1.2.840.113556.1.4.2066';

/** Flags value 1: apply the password policy (history, minimum age) to this reset as if it were the holder's own change. */
const ENFORCE_POLICY = 1;

/**
 * The policy-hints control (MS-ADTS 3.1.1.3.4.1.27): value
 * `SEQUENCE { Flags INTEGER }`. An administrator reset skips AD's history
 * check unless it carries this control, so a reset could bring back a
 * password the holder just retired.
 *
 * Sent non-critical: Samba 4.17 does not implement it (it is missing from
 * the root DSE's supportedControl) and answers a critical copy with
 * unavailableCriticalExtension (12), refusing the reset; non-critical it is
 * ignored there and honoured by Windows.
 */
export class PolicyHintsControl extends Control {
  constructor(oid: string = POLICY_HINTS_OID, options: { critical?: boolean } = {}) {
    super(oid, { critical: options.critical ?? false });
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(ENFORCE_POLICY);
    value.endSequence();
    // controlValue is an OCTET STRING (tag 0x04) holding the BER of the sequence.
    writer.writeBuffer(value.buffer, 0x04);
  }
}
