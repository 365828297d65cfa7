import { InvalidCredentialsError } from 'ldapts';
import { DirectoryConnection } from './directory-connection';
import { DirectoryUnavailable } from './directory.errors';

/**
 * Whether `password` is the holder's current one, by a bind as the holder and
 * nothing else. AD answers 773 (must change) and 532 (expired) only to the
 * right password, so those prove it too; every other refusal, a lockout
 * included, proves nothing and is answered like a wrong password, so the
 * public change-password page says nothing about an account to someone who
 * does not know its password.
 */
export async function proveHolderPassword(connection: DirectoryConnection, dn: string, password: string): Promise<boolean> {
  try {
    await connection.asUser(dn, password, async () => undefined);
    return true;
  } catch (error) {
    if (error instanceof DirectoryUnavailable) throw error;
    if (connection.config.kind === 'ad' && error instanceof InvalidCredentialsError && /data (773|532)\b/.test(error.message)) return true;
    return false;
  }
}
