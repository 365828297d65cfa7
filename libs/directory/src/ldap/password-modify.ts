/** The Password Modify extended operation (RFC 3062). */
export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

export interface PasswordModifyRequest {
  /** The entry whose password changes; absent: the entry the connection is bound as. */
  userIdentity?: string;
  /** The current password, when the holder changes their own (ppolicy then applies its age and history rules as for the holder). */
  oldPasswd?: string;
  newPasswd: string;
}

/**
 * The request value, BER-encoded by hand because it is three optional
 * context-tagged strings and ldapts exposes no BER writer:
 *
 *   PasswdModifyRequestValue ::= SEQUENCE {
 *     userIdentity [0] OCTET STRING OPTIONAL,
 *     oldPasswd    [1] OCTET STRING OPTIONAL,
 *     newPasswd    [2] OCTET STRING OPTIONAL }
 *
 * Implicit context tags on primitive values give 0x80, 0x81, 0x82; strings are UTF-8.
 */
export function passwordModifyValue(request: PasswordModifyRequest): Buffer {
  const fields: Buffer[] = [];
  if (request.userIdentity !== undefined) fields.push(tagged(0x80, Buffer.from(request.userIdentity, 'utf8')));
  if (request.oldPasswd !== undefined) fields.push(tagged(0x81, Buffer.from(request.oldPasswd, 'utf8')));
  fields.push(tagged(0x82, Buffer.from(request.newPasswd, 'utf8')));
  return tagged(0x30, Buffer.concat(fields));
}

function tagged(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(content.length), content]);
}

/** Definite length: one byte below 128, else 0x80|n followed by n big-endian bytes (X.690 8.1.3). */
export function berLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
