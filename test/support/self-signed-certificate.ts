import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface SelfSignedCertificate {
  keyFile: string;
  certFile: string;
  /** The certificate's CN. */
  commonName: string;
  /** subjectAltName entries, e.g. `IP:127.0.0.1`, `DNS:localhost`; none for a CA that names no host. */
  altNames?: string[];
  days?: number;
}

/** Writes an EC P-256 key and a self-signed certificate for it with openssl: a test server's own, or "some other CA". */
export async function writeSelfSignedCertificate({
  keyFile,
  certFile,
  commonName,
  altNames = [],
  days = 30,
}: SelfSignedCertificate): Promise<void> {
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    String(days),
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-subj',
    `/CN=${commonName}`,
    ...(altNames.length ? ['-addext', `subjectAltName=${altNames.join(',')}`] : []),
  ]);
}
