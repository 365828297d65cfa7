import { Injectable } from '@nestjs/common';
import { Attribute, Change, Client, ResultCodeError } from 'ldapts';
import { connect } from 'node:net';
import { DirectoryConnection, passwordWrite } from '../directory-connection';
import { DirectoryAccountRef, DirectoryCheckItem, DirectorySetOptions, PasswordDirectory } from '../password-directory';
import { AdOperation, adBindSubCode, adDiagnostic, encodeUnicodePwd, serviceBindReason, translateAdError } from './ad-refusals';
import { PolicyHintsControl } from './policy-hints.control';

/** pwdLastSet values a client may write: 0 = must change at next sign-in, -1 = now (clears a pending must-change). */
const MUST_CHANGE = '0';
const CHANGED_NOW = '-1';

/** Bind refusals after which the current password is known to be right but the holder cannot bind until they change it. */
const CHANGE_ONLY_SUB_CODES = new Set(['773', '532']);

/**
 * Active Directory (Windows or Samba AD DC) as the password store.
 *
 * Resets are one modify as the delegated service account (Reset Password,
 * write on pwdLastSet and lockoutTime): replace `unicodePwd`, set
 * pwdLastSet, optionally clear lockoutTime — all or nothing. The holder's
 * own change is the delete-old/add-new modify, which AD treats as a change:
 * it checks the old password and applies history, minimum age and
 * complexity whoever is bound.
 */
@Injectable()
export class AdPasswordDirectory implements PasswordDirectory {
  readonly kind = 'ad' as const;

  constructor(private readonly connection: DirectoryConnection) {}

  async setPassword(account: DirectoryAccountRef, password: string, options: DirectorySetOptions): Promise<void> {
    const changes = [
      replace('unicodePwd', encodeUnicodePwd(password)),
      // An explicit -1 for a password the holder chose: it clears a must-change a temporary password left pending.
      replace('pwdLastSet', options.temporary ? MUST_CHANGE : CHANGED_NOW),
      ...(options.unlock ? [replace('lockoutTime', '0')] : []),
    ];
    await this.run(
      [password],
      () =>
        this.connection.asService((client) =>
          passwordWrite(account.dn, () => client.modify(account.dn, changes, new PolicyHintsControl())),
        ),
      'write',
      account.dn,
    );
  }

  /**
   * Binds as the holder first: their bind is how the directory judges the
   * current password and the account's state (locked, disabled, expired),
   * and a change on their own connection is theirs in the directory's log.
   * A holder whose password is temporary (773) or expired (532) cannot
   * bind — AD says so only when the password was right — so that change
   * is made on the service account's connection: the delete still carries
   * the current password, which AD checks again (any account may make a
   * change, no delegation needed), and history, minimum age and complexity
   * apply as for the holder.
   */
  async changePassword(account: DirectoryAccountRef, currentPassword: string, newPassword: string): Promise<void> {
    const changes = [
      new Change({ operation: 'delete', modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(currentPassword)] }) }),
      new Change({ operation: 'add', modification: new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(newPassword)] }) }),
    ];
    const secrets = [currentPassword, newPassword];
    try {
      await this.connection.asUser(account.dn, currentPassword, (client) =>
        passwordWrite(account.dn, () => client.modify(account.dn, changes)),
      );
    } catch (error) {
      if (!(error instanceof ResultCodeError && error.code === 49 && CHANGE_ONLY_SUB_CODES.has(adBindSubCode(adDiagnostic(error)) ?? ''))) {
        throw translateAdError(error, secrets, 'change', account.dn);
      }
      await this.run(
        secrets,
        () => this.connection.asService((client) => passwordWrite(account.dn, () => client.modify(account.dn, changes))),
        'change',
        account.dn,
      );
    }
  }

  async unlock(account: DirectoryAccountRef): Promise<void> {
    await this.run(
      [],
      () => this.connection.asService((client) => client.modify(account.dn, replace('lockoutTime', '0'))),
      'write',
      account.dn,
    );
  }

  /** Connection, TLS, the service account's bind, the base DN and one entry of the user filter; stops at the first failure and never throws. */
  async check(): Promise<DirectoryCheckItem[]> {
    const { url, baseDn, userFilter, bindDn, bindPassword, timeoutMs } = this.connection.config;
    const items: DirectoryCheckItem[] = [];
    const { host, port } = hostAndPort(url);
    try {
      await tcpReachable(host, port, timeoutMs);
      items.push({ name: 'connect', ok: true, message: `${host}:${port} accepts connections` });
    } catch (error) {
      items.push({
        name: 'connect',
        ok: false,
        message: `${host}:${port} does not accept connections (${reasonOf(error)}): check DIRECTORY_URL and the network`,
      });
      return items;
    }
    try {
      await this.connection.connected(async (client) => {
        if (!(await this.checkTlsAndBind(client, items, bindDn, bindPassword))) return;
        await this.checkBaseAndSearch(client, items, baseDn, userFilter);
      });
    } catch (error) {
      // STARTTLS happens before our work runs; a failure there (or anything unexpected) ends the check.
      const failed = items.length === 1 ? 'tls' : 'search';
      items.push({ name: failed, ok: false, message: reasonOf(error) });
    }
    return items;
  }

  private async checkTlsAndBind(client: Client, items: DirectoryCheckItem[], bindDn: string, bindPassword: string): Promise<boolean> {
    try {
      await client.bind(bindDn, bindPassword);
      items.push({ name: 'tls', ok: true, message: 'the certificate is valid and trusted' });
      items.push({ name: 'bind', ok: true, message: `bound as ${bindDn}` });
      return true;
    } catch (error) {
      if (!(error instanceof ResultCodeError)) {
        items.push({
          name: 'tls',
          ok: false,
          message: `no TLS session (${reasonOf(error)}): check DIRECTORY_CA_FILE and that the certificate names the host in DIRECTORY_URL`,
        });
        return false;
      }
      items.push({ name: 'tls', ok: true, message: 'the certificate is valid and trusted' });
      // The service account's refusal, not a holder's: translateAdError would call it the holder's wrong current password.
      const why = serviceBindReason(error, [bindPassword]);
      items.push({
        name: 'bind',
        ok: false,
        message: `the directory refused the service account ${bindDn} (${why}): check DIRECTORY_BIND_DN and DIRECTORY_BIND_PASSWORD`,
      });
      return false;
    }
  }

  private async checkBaseAndSearch(client: Client, items: DirectoryCheckItem[], baseDn: string, userFilter: string): Promise<void> {
    try {
      await client.search(baseDn, { scope: 'base', attributes: ['distinguishedName'] });
      items.push({ name: 'base', ok: true, message: `${baseDn} exists` });
    } catch (error) {
      items.push({ name: 'base', ok: false, message: `DIRECTORY_BASE_DN ${baseDn} cannot be read (${reasonOf(error)})` });
      return;
    }
    try {
      const { searchEntries } = await client.search(baseDn, {
        scope: 'sub',
        filter: userFilter,
        sizeLimit: 1,
        attributes: [this.connection.config.attributes.username],
      });
      items.push(
        searchEntries.length > 0
          ? { name: 'search', ok: true, message: `DIRECTORY_USER_FILTER finds accounts (e.g. ${searchEntries[0]!.dn})` }
          : { name: 'search', ok: false, message: `DIRECTORY_USER_FILTER ${userFilter} finds no account under ${baseDn}` },
      );
    } catch (error) {
      // sizeLimitExceeded: more than the one entry asked for exist.
      if (error instanceof ResultCodeError && error.code === 4)
        items.push({ name: 'search', ok: true, message: 'DIRECTORY_USER_FILTER finds accounts' });
      else
        items.push({ name: 'search', ok: false, message: `DIRECTORY_USER_FILTER ${userFilter} cannot be searched (${reasonOf(error)})` });
    }
  }

  private async run(secrets: string[], work: () => Promise<void>, operation: AdOperation, entryDn: string): Promise<void> {
    try {
      await work();
    } catch (error) {
      throw translateAdError(error, secrets, operation, entryDn);
    }
  }
}

function replace(type: string, value: string | Buffer): Change {
  return new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] as string[] | Buffer[] }) });
}

function hostAndPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) || (parsed.protocol === 'ldaps:' ? 636 : 389) };
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    });
    socket.once('error', reject);
  });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
